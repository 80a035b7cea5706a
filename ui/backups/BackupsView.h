#pragma once

#include "backup/Catalogue.h"
#include "backup/Native.h"
#include "backup/PgBackRest.h"
#include "backup/Status.h"

#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>

class QChartView;
class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QThread;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;

/**
 * Backups (every role reads it; CTO and sysadmin run, verify and drill): the last 30 days as a strip (each day an
 * icon and a word), the age of the last good backup, the last drill against the recovery promise and when the next
 * is due, retention compliance, a table of backups and their sizes over time. All of it comes from the catalogue
 * through backup::summarise; missing data shows as missing, never as fine.
 *
 * Run, Verify and Drill drive pgBackRest when the profile names a stanza. The external program runs on a thread of
 * its own (hours, for a large database), so the session's worker stays free for the rest of the window; only the
 * catalogue writes before and after go through Session::request. Progress and Cancel show meanwhile.
 *
 * Without a stanza, the demo's profile runs native backups (backup/Native.h) as `art32ctl backup` does: as the backup
 * login (the demo's maintenance role), with the backup key from the keychain, on the same thread of its own. First
 * the admin's own session asks the server (art32.backup_requested: an unlocked CTO or sysadmin only, on record). A
 * cancelled run leaves no file and is recorded as cancelled; a cancelled verify or drill too (no verdict).
 */
class BackupsView : public QWidget
{
    Q_OBJECT

public:
    explicit BackupsView(Session* session, QWidget* parent = nullptr);
    ~BackupsView() override;

    /** Overrides how pgBackRest is run and where drills restore to (tests: the launcher to the server's user). */
    void setPgBackRest(const pgbackrest::Target& target, const pgbackrest::RestoreOptions& options);
    /**
     * Native jobs as this backup login, binaries and directory, whatever the profile (tests: the harness's
     * superuser, as the demo's maintenance role is). Without it only a demo profile without a stanza runs them.
     */
    void setNativeBackups(const backup::Target& target);

    const backup::Summary& summary() const { return m_summary; }
    bool isBusy() const { return m_cancel != nullptr; }

public slots:
    void reload();
    void runBackup();
    void verifyLatest();
    void drillLatest();
    void cancel();

signals:
    /** The newest reload finished (tests wait on it). */
    void loaded();
    /** Run, Verify or Drill ended: ok, or the error's message. */
    void jobFinished(bool ok, const QString& message);
    /** A job's progress line changed (percent -1: unknown); tests wait on it to cancel midway. */
    void jobProgress(double percent, const QString& what);

protected:
    void changeEvent(QEvent* event) override;

private:
    enum class Job { Run, Verify, Drill };
    /** Which backend this window's jobs drive: pgBackRest (a stanza), native (the demo, or set), or none here. */
    enum class JobBackend { PgBackRest, Native, None };
    /** What the off-thread part of a job found: the stanza after a run, the rehearsal of a verify or drill. */
    struct JobOutcome
    {
        std::optional<pgbackrest::Stanza> stanza;
        std::optional<pgbackrest::RestoreCheck> check;
        std::optional<backup::RunResult> run; ///< native
        std::optional<backup::RestoreResult> restored; ///< native verify or drill
    };
    using JobWork = std::function<Result<JobOutcome>(const pgbackrest::Progress&, const std::atomic_bool*)>;
    void retranslate();
    void show(const backup::catalogue::Snapshot& snapshot);
    void fillStrip();
    void fillStatus();
    void fillTable();
    void fillChart();
    /** Enables Run, Verify and Drill for what the role may do, the backend and the catalogue, unless busy. */
    void updateActions();
    void startJob(Job job);
    /** Runs work on a thread of its own, then done(result) here; progress lines arrive here too. */
    void runOffThread(JobWork work, std::function<void(Result<JobOutcome>)> done);
    void check(Job job);
    pgbackrest::Target target() const;
    void endJob(bool ok, const QString& message);
    void setProgress(double percent, const QString& what);
    bool hasStanza() const;
    JobBackend jobBackend() const;
    Result<backup::Target> nativeTarget() const;
    /** Native Run, Verify or Drill: the server's yes, the key, then the job on its own thread. */
    void startNative(Job job);
    void runNative(Job job, const backup::Target& target, std::shared_ptr<SecureBytes> key, const QString& file,
                   qint64 expectedBytes);
    const backup::BackupEntry* latestComplete(backup::Backend backend) const;

    Session* m_session;
    Banner* m_banner;
    QLabel* m_title;
    QLabel* m_ageLabel;
    QLabel* m_drillLabel;
    QLabel* m_retentionLabel;
    QLabel* m_stripTitle;
    QWidget* m_strip;
    QGridLayout* m_stripLayout;
    QLabel* m_backendLabel;
    QPushButton* m_runButton;
    QPushButton* m_verifyButton;
    QPushButton* m_drillButton;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    QStackedWidget* m_body; ///< the empty state, or the table and the chart
    QLabel* m_emptyLabel;
    QPushButton* m_emptyRunButton;
    QTableWidget* m_table;
    QChartView* m_chart;

    backup::catalogue::Snapshot m_snapshot;
    backup::Summary m_summary;
    bool m_loadedOnce = false;
    int m_pendingLoads = 0;
    std::optional<pgbackrest::Target> m_targetOverride;
    std::optional<backup::Target> m_nativeOverride;
    pgbackrest::RestoreOptions m_restoreOptions;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QThread* m_thread = nullptr;
};

} // namespace art32::ui
