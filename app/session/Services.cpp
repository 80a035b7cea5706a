#include "session/Services.h"

#include "auth/KeyAdmin.h"
#include "auth/KeyRing.h"
#include "auth/Unlock.h"
#include "backup/Native.h"
#include "store/Database.h"

namespace art32 {

Services::Services(Database& db, KeyRing& ring, QString login, QByteArray publicKey)
    : m_db(db)
    , m_ring(ring)
    , m_login(std::move(login))
    , m_publicKey(std::move(publicKey))
{ }

Result<QList<AccountRow>> Services::fetchAccounts(records::AccountOrder order, const std::optional<AccountRow>& after,
                                                  int limit, const QString& namePrefix)
{
    return m_db.call(
        [&](pqxx::connection_base& c) { return records::fetchAccounts(c, order, after, limit, namePrefix); });
}

Result<QList<AccountRow>> Services::accountsByIds(const QList<qint64>& ids)
{
    return m_db.call([&](pqxx::connection_base& c) { return records::accountsByIds(c, ids); });
}

Result<QList<qint64>> Services::findAccounts(RecordKind kind, const QString& value)
{
    return m_db.call([&](pqxx::connection_base& c) { return records::findAccounts(c, m_ring, kind, value); });
}

Result<QList<PlainRecord>> Services::reveal(qint64 accountId)
{
    return m_db.call([&](pqxx::connection_base& c) { return records::reveal(c, m_ring, accountId); });
}

Result<int> Services::saveRecord(const PlainRecord& record, const QByteArray& value)
{
    return m_db.call([&](pqxx::connection_base& c) { return records::save(c, m_ring, record, value); });
}

Result<bool> Services::deleteRecord(const PlainRecord& record)
{
    return m_db.call([&](pqxx::connection_base& c) { return records::remove(c, record); });
}

Result<QDateTime> Services::eraseAccount(qint64 accountId, const QString& typedId)
{
    return m_db.call([&](pqxx::connection_base& c) { return records::erase(c, accountId, typedId); });
}

Result<records::VerifyReport> Services::verifyAll(const std::function<void(qint64)>& progress,
                                                  const std::atomic_bool* cancel)
{
    return m_db.call([&](pqxx::connection_base& c) { return records::verifyAll(c, m_ring, progress, cancel); });
}

Result<QByteArray> Services::exportSubject(const QString& email)
{
    return m_db.call([&](pqxx::connection_base& c) { return records::exportSubject(c, m_ring, email, m_login); });
}

Result<QList<AdminInfo>> Services::admins()
{
    return m_db.call([](pqxx::connection_base& c) { return admins::list(c); });
}

Result<QList<AccessGrant>> Services::grants(bool activeOnly)
{
    return m_db.call([&](pqxx::connection_base& c) { return grants::list(c, activeOnly); });
}

Result<qint64> Services::grantAccess(const QString& sysadmin, qint64 accountId, const QString& reason, int minutes)
{
    return m_db.call([&](pqxx::connection_base& c) { return grants::grant(c, sysadmin, accountId, reason, minutes); });
}

Result<bool> Services::revokeGrant(qint64 grantId)
{
    return m_db.call([&](pqxx::connection_base& c) { return grants::revoke(c, grantId); });
}

Result<rotation::KeyStatus> Services::keyStatus()
{
    return m_db.call([](pqxx::connection_base& c) { return rotation::status(c); });
}

Result<rotation::Outcome> Services::rotate(KeyKind kind, const rotation::Progress& progress,
                                           const std::atomic_bool* cancel)
{
    return m_db.call([&](pqxx::connection_base& c) {
        return kind == KeyKind::Kek ? rotation::rotateKek(c, m_ring, m_publicKey, progress, cancel)
                                    : rotation::rotateIndexKey(c, m_ring, m_publicKey, progress, cancel);
    });
}

bool Services::holdsKek() const
{
    return m_ring.hasKek();
}

// Console status (issue 11)
Result<records::AccountTotal> Services::accountTotal()
{
    return m_db.call([](pqxx::connection_base& c) { return records::accountTotal(c); });
}

Result<int> Services::adminsLockedOut()
{
    return m_db.call([](pqxx::connection_base& c) { return unlock::adminsLockedOut(c); });
}

Result<std::optional<records::ScanResult>> Services::lastScan()
{
    return m_db.call([](pqxx::connection_base& c) { return records::lastScan(c); });
}

// Access requests.

Result<qint64> Services::requestAccess(qint64 accountId, const QString& reason, int minutes)
{
    return m_db.call([&](pqxx::connection_base& c) { return grants::request(c, accountId, reason, minutes); });
}

Result<qint64> Services::approveRequest(qint64 requestId, const QString& comment)
{
    return m_db.call([&](pqxx::connection_base& c) { return grants::approve(c, requestId, comment); });
}

Result<void> Services::refuseRequest(qint64 requestId, const QString& comment)
{
    return m_db.call([&](pqxx::connection_base& c) { return grants::refuse(c, requestId, comment); });
}

Result<bool> Services::withdrawRequest(qint64 requestId)
{
    return m_db.call([&](pqxx::connection_base& c) { return grants::withdraw(c, requestId); });
}

Result<QList<AccessRequest>> Services::accessRequests(bool pendingOnly)
{
    return m_db.call([&](pqxx::connection_base& c) -> Result<QList<AccessRequest>> {
        if (m_ring.hasKek()) { // a CTO or a sysadmin (auditors hold no keys): note expiries first
            if (auto noted = grants::noteExpired(c); !noted)
                return noted.error();
        }
        return grants::requests(c, pendingOnly);
    });
}

Result<QList<AccessStatus>> Services::accessStatus(const QList<qint64>& accountIds)
{
    return m_db.call([&](pqxx::connection_base& c) { return grants::status(c, accountIds); });
}

Result<QList<AccessGrant>> Services::grantHistory(const GrantFilter& filter)
{
    return m_db.call([&](pqxx::connection_base& c) -> Result<QList<AccessGrant>> {
        if (m_ring.hasKek() && filter.beforeId == 0) {
            if (auto noted = grants::noteExpired(c); !noted)
                return noted.error();
        }
        return grants::history(c, filter);
    });
}

Result<QList<AdminOverview>> Services::adminOverview()
{
    return m_db.call([](pqxx::connection_base& c) { return admins::overview(c); });
}

Result<int> Services::createAdmin(const QString& login, const QString& displayName, Role role,
                                  const SecureBytes& password)
{
    return m_db.call([&](pqxx::connection_base& c) { return admins::create(c, login, displayName, role, password); });
}

Result<void> Services::setAdminDisabled(const QString& login, bool disabled)
{
    return m_db.call([&](pqxx::connection_base& c) { return admins::setDisabled(c, login, disabled); });
}

Result<bool> Services::setAdminRole(const QString& login, Role role)
{
    return m_db.call([&](pqxx::connection_base& c) { return admins::setRole(c, login, role); });
}

Result<void> Services::resetAdminEnrollment(const QString& login)
{
    return m_db.call([&](pqxx::connection_base& c) { return admins::resetEnrollment(c, login); });
}

Result<int> Services::sealKeysTo(const QString& login)
{
    return m_db.call([&](pqxx::connection_base& c) { return keyadmin::sealKeysFor(c, m_ring, login); });
}

Result<int> Services::revokeKeysOf(const QString& login)
{
    return m_db.call([&](pqxx::connection_base& c) { return keyadmin::revokeKeysOf(c, login); });
}

// Audit.
Result<audit::Query> Services::auditQuery(const audit::Filter& filter)
{
    return m_db.call([&](pqxx::connection_base& c) { return audit::prepare(c, filter); });
}

Result<QList<audit::Entry>> Services::auditPage(const audit::Query& query, std::optional<qint64> before, int limit)
{
    return m_db.call([&](pqxx::connection_base& c) { return audit::page(c, query, before, limit); });
}

Result<QStringList> Services::auditActors()
{
    return m_db.call([](pqxx::connection_base& c) { return audit::actors(c); });
}

Result<QStringList> Services::auditActions()
{
    return m_db.call([](pqxx::connection_base& c) { return audit::actions(c); });
}

Result<audit::ExportSummary> Services::exportAudit(const audit::Query& query, audit::Format format, const QString& path,
                                                   const audit::Progress& progress, const std::atomic_bool* cancel)
{
    return m_db.call(
        [&](pqxx::connection_base& c) { return audit::exportToFile(c, query, format, path, progress, cancel); });
}

Result<audit::VerifyReport> Services::verifyChain(const std::optional<audit::Checkpoint>& checkpoint,
                                                  const audit::Progress& progress, const std::atomic_bool* cancel)
{
    return audit::verify(m_db, 1, checkpoint, progress, cancel);
}

// Backups view (i13-view).
Result<backup::catalogue::Snapshot> Services::backupCatalogue()
{
    return m_db.call([&](pqxx::connection_base& c) { return backup::catalogue::read(c); });
}

Result<QMap<QString, qint64>> Services::importPgBackRest(const pgbackrest::Stanza& stanza)
{
    return m_db.call([&](pqxx::connection_base& c) { return pgbackrest::importInto(c, stanza); });
}

Result<qint64> Services::importBackup(const backup::BackupEntry& entry)
{
    return m_db.call([&](pqxx::connection_base& c) { return backup::catalogue::import(c, entry); });
}

Result<qint64> Services::backupCheckBegin(qint64 backupId, backup::CheckEntry::Kind kind)
{
    return m_db.call([&](pqxx::connection_base& c) { return backup::catalogue::checkBegin(c, backupId, kind); });
}

Result<void> Services::backupCheckFinish(qint64 checkId, bool ok, std::optional<double> restoreSeconds, int erasures,
                                         const QString& error)
{
    return m_db.call([&](pqxx::connection_base& c) {
        return backup::catalogue::checkFinish(c, checkId, ok, restoreSeconds, erasures, error);
    });
}

Result<QList<qint64>> Services::backupErasures()
{
    // The admin's own connection reads the live ledger (0022 grants it to the CTO and sysadmin); the ledger file
    // needs the backup key, which a pgBackRest window does not hold.
    return backup::erasuresToReapply(m_db, QString(), nullptr);
}

// Backups view, native jobs (i13-gui).
Result<void> Services::backupRequested(const QString& action, qint64 backupId)
{
    return m_db.call([&](pqxx::connection_base& c) { return backup::catalogue::requested(c, action, backupId); });
}

Result<void> Services::backupCheckCancel(qint64 checkId, const QString& reason)
{
    return m_db.call([&](pqxx::connection_base& c) { return backup::catalogue::checkCancel(c, checkId, reason); });
}

// Incidents (issue 14).
Result<QList<incidents::Incident>> Services::incidentList()
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::list(c); }, Database::Retry::Idempotent);
}

Result<incidents::Incident> Services::incident(qint64 id)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::load(c, id); }, Database::Retry::Idempotent);
}

Result<qint64> Services::openIncident(const QString& title, const QDateTime& detectedAt, const QDateTime& awareAt)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::open(c, title, detectedAt, awareAt); });
}

Result<int> Services::saveIncident(qint64 id, int version, const QJsonObject& changed)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::update(c, id, version, changed); });
}

Result<int> Services::setIncidentState(qint64 id, int version, incidents::State state)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::setState(c, id, version, state); });
}

Result<QStringList> Services::incidentMissing(qint64 id)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::missing(c, id); });
}

// Incidents: decisions, phased reports and notes (i14-decisions).
Result<qint64> Services::decideIncident(qint64 id, const QString& kind, bool decision, const QString& rationale,
                                        const QString& ground, const QString& publicCommunication)
{
    return m_db.call([&](pqxx::connection_base& c) {
        return incidents::decide(c, id, kind, decision, rationale, ground, publicCommunication);
    });
}

Result<int> Services::reportIncident(qint64 id, const QString& reportNumber, const QDateTime& sentAt)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::report(c, id, reportNumber, sentAt); });
}

Result<qint64> Services::noteIncident(qint64 id, const QString& text)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::note(c, id, text); });
}

// Incident evidence (i14-evidence).
Result<incidents::Evidence> Services::incidentEvidence(const incidents::EvidenceWindow& window,
                                                       const audit::Progress& progress, const std::atomic_bool* cancel)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::collectEvidence(c, window, progress, cancel); },
                     Database::Retry::Idempotent);
}

Result<int> Services::linkIncidentAccounts(qint64 id, const QList<qint64>& accounts)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::linkAccounts(c, id, accounts); });
}

Result<bool> Services::unlinkIncidentAccount(qint64 id, qint64 account)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::unlinkAccount(c, id, account); });
}

Result<incidents::AccountCounts> Services::incidentAccountCounts(qint64 id)
{
    return m_db.call([&](pqxx::connection_base& c) { return incidents::accountCounts(c, id); },
                     Database::Retry::Idempotent);
}

} // namespace art32
