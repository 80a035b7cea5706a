#pragma once

#include "incidents/Evidence.h"
#include "incidents/IncidentStore.h"
#include "records/RecordStore.h"

#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;
class IncidentsView;

/**
 * The incident form's affected accounts and evidence (issue 14, "Evidence from the console itself"): the linked
 * accounts with Add accounts… (AccountPicker) and Remove; for the incident's window (editable, so it can be
 * widened) who read, changed, erased or exported which accounts, from the audit chain, with the checkpoint that
 * covers it; "Link these accounts", which also fills questions 6 and 7 from the linked accounts' counts (asking
 * before it replaces numbers someone typed); and for an availability breach the restore or drill of a backup
 * around the incident, which "Put into the report" writes into the form and the timeline (EDPB 01/2021, case 01).
 * Writing needs Capabilities::canEditIncidents (the server refuses auditors anyway).
 */
class EvidenceSection : public QWidget
{
    Q_OBJECT
public:
    EvidenceSection(Session* session, IncidentsView* form, QWidget* parent = nullptr);

    /** A (re)loaded incident: its linked accounts, its window, the restore offer. */
    void setIncident(const incidents::Incident& incident, bool editable);
    /** The form changed (not saved yet): the window follows its times until edited here; the offer its nature. */
    void formChanged(const incidents::Incident& form);

    /** Asks before replacing what someone typed; a question box unless replaced (tests). */
    void setConfirm(std::function<bool(const QString& question)> confirm) { m_confirm = std::move(confirm); }
    const std::optional<incidents::Evidence>& evidence() const { return m_evidence; }
    const QList<AccountRow>& linkedAccounts() const { return m_linked; }
    const std::optional<incidents::RestoreOffer>& restoreOffer() const { return m_offer; }
    /** The window as the two fields say (invalid when one is not a time). */
    incidents::EvidenceWindow window() const;

public slots:
    void collect();
    void linkEvidence();
    void addAccounts();
    void removeSelected();
    void useRestore();

signals:
    void evidenceReady();
    void linkedChanged(); ///< the linked accounts were (re)read
    void countsApplied(); ///< questions 6 and 7 were filled in (or kept, when the user said no)
    void restoreOfferReady();

private:
    void link(const QList<qint64>& accounts);
    void refreshLinked(const QList<qint64>& add, std::optional<qint64> remove);
    void applyCounts(const incidents::AccountCounts& counts);
    void showEvidence();
    void showOffer();
    void loadOffer();
    void setBusy(bool busy);
    void updateButtons();

    Session* m_session;
    IncidentsView* m_form;
    Banner* m_banner;
    QTableWidget* m_linkedTable;
    QPushButton* m_addButton;
    QPushButton* m_removeButton;
    QLabel* m_linkedStatus;
    QLineEdit* m_from;
    QLineEdit* m_to;
    QPushButton* m_collectButton;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    QTableWidget* m_evidenceTable;
    QLabel* m_summary;
    QLabel* m_checkpoint;
    QPushButton* m_linkButton;
    QWidget* m_restoreBox;
    QLabel* m_restoreLabel;
    QPushButton* m_restoreButton;

    qint64 m_id = 0;
    bool m_editable = false;
    bool m_busy = false;
    bool m_windowEdited = false;
    bool m_availability = false;
    QList<AccountRow> m_linked;
    std::optional<incidents::Evidence> m_evidence;
    std::optional<incidents::RestoreOffer> m_offer;
    bool m_offerLoaded = false;
    std::optional<QList<backup::BackupEntry>> m_backups;
    QList<backup::CheckEntry> m_checks;
    /** What the last prefill wrote into q6/q7: the same values there later are ours to update. */
    QJsonObject m_prefilled;
    std::function<bool(const QString&)> m_confirm;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace art32::ui
