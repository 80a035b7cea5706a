#pragma once

#include "audit/AuditLog.h"
#include "audit/Chain.h"
#include "auth/Enrollment.h"
#include "auth/KeyKind.h"
#include "backup/Catalogue.h"
#include "backup/PgBackRest.h"
#include "core/Result.h"
#include "records/Grants.h"
#include "records/RecordStore.h"
#include "records/Rotation.h"
// incidents (issue 14)
#include "incidents/IncidentStore.h"
// incident evidence (i14-evidence)
#include "incidents/Evidence.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <optional>

namespace art32 {

class Database;
class KeyRing;

/**
 * The console's named operations, for work a view asks its Session to do (Session::request). An instance
 * exists only on the session's worker thread, for the duration of one request, with the session's connection
 * and the keys it holds: views name what they want and never see a connection or a key. Each call runs
 * through Database::call (libpqxx errors become translated errors); the server decides who may do it.
 */
class Services
{
public:
    Services(Database& db, KeyRing& ring, QString login, QByteArray publicKey);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    // Accounts: metadata, for every role.
    Result<QList<AccountRow>> fetchAccounts(records::AccountOrder order, const std::optional<AccountRow>& after,
                                            int limit, const QString& namePrefix);
    Result<QList<AccountRow>> accountsByIds(const QList<qint64>& ids);
    /** Exact search by e-mail or phone through the blind index (audited and rate-limited by the server). */
    Result<QList<qint64>> findAccounts(RecordKind kind, const QString& value);

    // Personal data: audited reads and writes.
    Result<QList<PlainRecord>> reveal(qint64 accountId);
    /** The record's new version, or 0 when someone else saved it first. */
    Result<int> saveRecord(const PlainRecord& record, const QByteArray& value);
    /** False when the record changed or went meanwhile. */
    Result<bool> deleteRecord(const PlainRecord& record);
    /** Until when backups still hold the (now unreadable) ciphertext. */
    Result<QDateTime> eraseAccount(qint64 accountId, const QString& typedId);
    Result<records::VerifyReport> verifyAll(const std::function<void(qint64)>& progress,
                                            const std::atomic_bool* cancel);
    Result<QByteArray> exportSubject(const QString& email);

    // Access.
    Result<QList<AdminInfo>> admins();
    Result<QList<AccessGrant>> grants(bool activeOnly);
    Result<qint64> grantAccess(const QString& sysadmin, qint64 accountId, const QString& reason, int minutes);
    /** False when the grant had already ended. */
    Result<bool> revokeGrant(qint64 grantId);

    // Keys.
    Result<rotation::KeyStatus> keyStatus();
    /** Rotates (or resumes) the KEK or the index key; the new version joins this session's keys. */
    Result<rotation::Outcome> rotate(KeyKind kind, const rotation::Progress& progress, const std::atomic_bool* cancel);
    /** Whether this session holds a KEK now (opened after unlock, wiped on lock). */
    bool holdsKek() const;

    // Console status (issue 11): the accounts total and the Overview's tiles.
    Result<records::AccountTotal> accountTotal();
    Result<int> adminsLockedOut();
    Result<std::optional<records::ScanResult>> lastScan();
    // Access requests.
    /** A sysadmin asks for access to one account (the request's id). */
    Result<qint64> requestAccess(qint64 accountId, const QString& reason, int minutes);
    /** A CTO approves another admin's pending request (the grant's id) or refuses it with a comment. */
    Result<qint64> approveRequest(qint64 requestId, const QString& comment);
    Result<void> refuseRequest(qint64 requestId, const QString& comment);
    /** The requester takes a pending request back; false when it was decided meanwhile. */
    Result<bool> withdrawRequest(qint64 requestId);
    /** Audits expiries not audited yet, then lists (CTO and sysadmin; an auditor only lists). */
    Result<QList<AccessRequest>> accessRequests(bool pendingOnly);
    Result<QList<AccessStatus>> accessStatus(const QList<qint64>& accountIds);
    Result<QList<AccessGrant>> grantHistory(const GrantFilter& filter);
    // Admins (CTO acts, auditor reads).
    Result<QList<AdminOverview>> adminOverview();
    Result<int> createAdmin(const QString& login, const QString& displayName, Role role, const SecureBytes& password);
    Result<void> setAdminDisabled(const QString& login, bool disabled);
    Result<bool> setAdminRole(const QString& login, Role role);
    /** Forces re-enrollment: TOTP secret, public key and sealed keys go. */
    Result<void> resetAdminEnrollment(const QString& login);
    /** Seals every key this session holds to the admin (how many copies). */
    Result<int> sealKeysTo(const QString& login);
    Result<int> revokeKeysOf(const QString& login);
    // Audit. Every role reads the log (RLS: unlocked console roles see every event); a filter is prepared once
    // (auditQuery), then paged newest first.
    Result<audit::Query> auditQuery(const audit::Filter& filter);
    Result<QList<audit::Entry>> auditPage(const audit::Query& query, std::optional<qint64> before, int limit);
    Result<QStringList> auditActors();
    Result<QStringList> auditActions();
    /** Writes the filtered events to path (created 0600), oldest first; a cancelled export leaves no file. */
    Result<audit::ExportSummary> exportAudit(const audit::Query& query, audit::Format format, const QString& path,
                                             const audit::Progress& progress, const std::atomic_bool* cancel);
    /**
     * Recomputes the hash chain from its first event (against a signed checkpoint, if given) and names the first
     * broken link; the outcome is itself an audit event. Cancelled: error "interrupted".
     */
    Result<audit::VerifyReport> verifyChain(const std::optional<audit::Checkpoint>& checkpoint,
                                            const audit::Progress& progress, const std::atomic_bool* cancel);
    // Backups view (i13-view): the catalogue, and recording what pgBackRest did (the server checks the caller).
    Result<backup::catalogue::Snapshot> backupCatalogue();
    Result<QMap<QString, qint64>> importPgBackRest(const pgbackrest::Stanza& stanza);
    /** One entry another tool made (or a pgBackRest run that failed, so the record shows it). */
    Result<qint64> importBackup(const backup::BackupEntry& entry);
    Result<qint64> backupCheckBegin(qint64 backupId, backup::CheckEntry::Kind kind);
    Result<void> backupCheckFinish(qint64 checkId, bool ok, std::optional<double> restoreSeconds, int erasures,
                                   const QString& error);
    /** The accounts a pgBackRest restore check must erase again in its copy (backup::erasuresToReapply, live ledger).
     */
    Result<QList<qint64>> backupErasures();
    // Backups view, native jobs (i13-gui): the server refuses anyone but an unlocked CTO or sysadmin, and records
    // the request under the admin's name, before the console runs the job as the backup login.
    Result<void> backupRequested(const QString& action, qint64 backupId);
    /** A check this login began and stopped: cancelled on the record (no verdict), not failed. */
    Result<void> backupCheckCancel(qint64 checkId, const QString& reason);
    // Incidents (issue 14): the register, through app/incidents.
    Result<QList<incidents::Incident>> incidentList();
    Result<incidents::Incident> incident(qint64 id);
    Result<qint64> openIncident(const QString& title, const QDateTime& detectedAt, const QDateTime& awareAt);
    /** The new version, or 0 when someone else saved in between. */
    Result<int> saveIncident(qint64 id, int version, const QJsonObject& changed);
    Result<int> setIncidentState(qint64 id, int version, incidents::State state);
    Result<QStringList> incidentMissing(qint64 id);
    // Incidents: decisions, phased reports and notes (i14-decisions); the server checks who may record each.
    Result<qint64> decideIncident(qint64 id, const QString& kind, bool decision, const QString& rationale,
                                  const QString& ground, const QString& publicCommunication);
    /** Freezes the incident as sent to the authority under reportNumber; the report's seq (1 = initial). */
    Result<int> reportIncident(qint64 id, const QString& reportNumber, const QDateTime& sentAt);
    Result<qint64> noteIncident(qint64 id, const QString& text);
    // Incident evidence (i14-evidence): the audit chain over an incident's window (every role reads), linked
    // accounts and their counts (CTO and sysadmin); notes go through noteIncident.
    Result<incidents::Evidence> incidentEvidence(const incidents::EvidenceWindow& window,
                                                 const audit::Progress& progress, const std::atomic_bool* cancel);
    Result<int> linkIncidentAccounts(qint64 id, const QList<qint64>& accounts);
    Result<bool> unlinkIncidentAccount(qint64 id, qint64 account);
    Result<incidents::AccountCounts> incidentAccountCounts(qint64 id);

private:
    Database& m_db;
    KeyRing& m_ring;
    QString m_login;
    QByteArray m_publicKey;
};

} // namespace art32
