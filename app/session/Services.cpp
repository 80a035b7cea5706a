#include "session/Services.h"

#include "auth/KeyRing.h"
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

} // namespace art32
