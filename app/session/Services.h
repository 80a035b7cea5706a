#pragma once

#include "auth/Enrollment.h"
#include "auth/KeyKind.h"
#include "core/Result.h"
#include "records/Grants.h"
#include "records/RecordStore.h"
#include "records/Rotation.h"
// incidents (issue 14)
#include "incidents/IncidentStore.h"

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

    // Incidents (issue 14): the register, through app/incidents.
    Result<QList<incidents::Incident>> incidentList();
    Result<incidents::Incident> incident(qint64 id);
    Result<qint64> openIncident(const QString& title, const QDateTime& detectedAt, const QDateTime& awareAt);
    /** The new version, or 0 when someone else saved in between. */
    Result<int> saveIncident(qint64 id, int version, const QJsonObject& changed);
    Result<int> setIncidentState(qint64 id, int version, incidents::State state);
    Result<QStringList> incidentMissing(qint64 id);

private:
    Database& m_db;
    KeyRing& m_ring;
    QString m_login;
    QByteArray m_publicKey;
};

} // namespace art32
