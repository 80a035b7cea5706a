#pragma once

#include "audit/AuditLog.h"
#include "audit/Chain.h"

#include <QWidget>
#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace art32 {
class Session;
}

namespace art32::ui {

class AuditModel;
class Banner;

/**
 * The audit log, for every role (DESIGN.md §4.4): newest first, paged to any size, filtered by who, what, which
 * account and when; exported as CSV or JSON evidence; and the hash chain verified off the GUI thread.
 */
class AuditView : public QWidget
{
    Q_OBJECT

public:
    explicit AuditView(Session* session, QWidget* parent = nullptr);

    AuditModel* model() const { return m_model; }
    /** The filter the bar describes now; nullopt (and a message in the banner) when it cannot be read. */
    std::optional<audit::Filter> filterFromBar();
    bool isBusy() const { return static_cast<bool>(m_cancel); }

public slots:
    /** Shows the filter of the bar. */
    void applyFilter();
    /** Every event again. */
    void clearFilter();
    /** "Who saw this customer's data?": every read and change of one account, and nothing else. */
    void showAccount(qint64 accountId);
    void exportCsv();
    void exportJson();
    /** Recomputes the whole chain off the GUI thread, with progress and Cancel, and shows the verdict. */
    void verifyChain();
    /** The same against a signed checkpoint note the user picks (art32ctl audit checkpoint). */
    void verifyWithCheckpoint();
    /** The verdict shown after the last verify (empty before). */
    QString verdict() const;

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateStatus();
    void loadFilterChoices();
    void fillActions(const QStringList& actions);
    void exportAs(audit::Format format);
    /** Progress and Cancel shown, export and verify disabled, while long work runs. */
    void setBusy(bool busy);
    void runVerify(const std::optional<audit::Checkpoint>& checkpoint);
    void showVerdict(const audit::VerifyReport& report);

    Session* m_session;
    AuditModel* m_model;
    Banner* m_banner;
    QLabel* m_actorLabel;
    QComboBox* m_actorCombo;
    QLabel* m_actionLabel;
    QComboBox* m_actionCombo;
    QLabel* m_accountLabel;
    QLineEdit* m_accountEdit;
    QCheckBox* m_fromCheck;
    QDateTimeEdit* m_fromEdit;
    QCheckBox* m_toCheck;
    QDateTimeEdit* m_toEdit;
    QPushButton* m_applyButton;
    QPushButton* m_clearButton;
    QTableView* m_table;
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_cancelButton;
    QPushButton* m_exportCsvButton;
    QPushButton* m_exportJsonButton;
    QPushButton* m_verifyButton;
    QPushButton* m_verifyCheckpointButton;
    QLabel* m_verdict;
    std::optional<audit::VerifyReport> m_lastReport; ///< for the verdict in the current language
    QStringList m_actions; ///< as the server listed them
    std::shared_ptr<std::atomic_bool> m_cancel; ///< set while an export or a verify runs
    bool m_loadedOnce = false;
};

} // namespace art32::ui
