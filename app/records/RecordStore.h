#pragma once

#include "core/Result.h"
#include "records/Envelope.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <optional>

namespace pqxx {
class connection_base;
}

namespace art32 {

class KeyRing;

struct AccountRow
{
    qint64 id = 0;
    QString companyName;
    QString plan;
    QString status;
    QDateTime createdAt;
};

/** One decrypted record, or the integrity error that kept it from being shown. */
struct PlainRecord
{
    qint64 id = 0;
    qint64 accountId = 0;
    int contact = 1;
    RecordKind kind = RecordKind::Notes;
    int version = 0;
    QByteArray value; ///< UTF-8 plaintext; empty when !intact
    bool intact = false;
    QString error;
};

/** Reading and writing encrypted records (DESIGN.md §4.3); the server's RLS decides who sees what. */
namespace records {

enum class AccountOrder { Id, Name, Created };

/**
 * One page of accounts after `after` (keyset pagination: never OFFSET, never the whole table), optionally
 * only names starting with `namePrefix`.
 */
Result<QList<AccountRow>> fetchAccounts(pqxx::connection_base& conn, AccountOrder order,
                                        const std::optional<AccountRow>& after, int limit,
                                        const QString& namePrefix = QString());
Result<std::optional<AccountRow>> accountById(pqxx::connection_base& conn, qint64 id);
/** The accounts with these ids that exist, in id order, in one query. */
Result<QList<AccountRow>> accountsByIds(pqxx::connection_base& conn, const QList<qint64>& ids);

/** Accounts with a record whose normalised value matches exactly (blind index, no decryption). */
Result<QList<qint64>> findAccounts(pqxx::connection_base& conn, const KeyRing& ring, RecordKind kind,
                                   const QString& value);

/** Why ciphertext is read: the server audits each read with its reason. */
/** How many accounts there are: counted when few, else the planner's estimate (the list says "about"). */
struct AccountTotal
{
    static constexpr qint64 kExactBelow = 50000; ///< estimates at or above this are not counted
    qint64 count = 0;
    bool estimated = false;
};
Result<AccountTotal> accountTotal(pqxx::connection_base& conn);

/** The last integrity scan's outcome, as the console that ran it recorded it (audit event records.scan_result). */
struct ScanResult
{
    QDateTime at;
    QString by;
    qint64 accounts = 0;
    qint64 records = 0;
    qint64 failed = 0;
    qint64 accountsInDatabase = 0;
    bool cancelled = false;
};
Result<std::optional<ScanResult>> lastScan(pqxx::connection_base& conn);

enum class ReadWhy { Reveal, Save, Scan, Export, Rotation };

/** A read the server opened and audited (art32.open_read): what it covers, counted when it was opened. */
struct OpenedRead
{
    qint64 id = 0;
    qint64 accounts = 0; ///< accounts with a key in the range that the caller may read
    qint64 records = 0; ///< their records
};

/**
 * Opens a read of the accounts firstAccount..lastAccount in a transaction of its own, which commits before
 * any ciphertext is read (art32.open_read: who, why, the range and its counts go to the audit log). Refused
 * unless the caller may read them; a sysadmin's read covers only the accounts it holds a grant for.
 */
Result<OpenedRead> openRead(pqxx::connection_base& conn, ReadWhy why, qint64 firstAccount, qint64 lastAccount);

/**
 * Records the read (art32.open_read: refused unless the caller may see this account's plaintext),
 * then opens the account's DEK and decrypts its records. A record that fails authentication comes back
 * with intact = false; the rest are still shown.
 */
Result<QList<PlainRecord>> reveal(pqxx::connection_base& conn, const KeyRing& ring, qint64 accountId);

/**
 * Saves a new value if the record is still at expectedVersion: encrypts it with the account's DEK, updates
 * the blind index for e-mail and phone, and returns the new version, or 0 when someone saved meanwhile.
 */
Result<int> save(pqxx::connection_base& conn, const KeyRing& ring, const PlainRecord& record, const QByteArray& value);
/** Deletes a record still at its version; false when it changed or went meanwhile. */
Result<bool> remove(pqxx::connection_base& conn, const PlainRecord& record);
/** Crypto-shreds an account (CTO; confirm = the account id typed); returns until when backups hold ciphertext. */
Result<QDateTime> erase(pqxx::connection_base& conn, qint64 accountId, const QString& confirm);

/** Checks a value for its kind; an empty result means valid, else a translated reason. */
QString validate(RecordKind kind, const QString& value);
QString kindName(RecordKind kind); ///< translated

/** Art. 15/20: everything held about the person with this e-mail address, as indented JSON. */
Result<QByteArray> exportSubject(pqxx::connection_base& conn, const KeyRing& ring, const QString& email,
                                 const QString& exportedBy);

/**
 * Keeps an unlocked session alive through long work (a scan, an export, a rotation), which otherwise outlasts the
 * server's idle expiry: the loop calls tick() between batches, on the connection it works on, so it needs no second
 * thread (a keep-alive queued behind the work would come too late). A caller the server does not count as unlocked
 * at the start (a superuser: its reads need no unlock) is left alone; once an unlocked session has been locked
 * anyway (disabled, locked elsewhere, a reconnect), tick() gives the error unlock.expired and the work must stop.
 */
class SessionKeeper
{
public:
    explicit SessionKeeper(pqxx::connection_base& conn);
    Result<void> tick();

private:
    pqxx::connection_base& m_conn;
    bool m_unlocked = false;
};

struct ScanTotals
{
    qint64 accounts = 0; ///< accounts covered
    qint64 records = 0; ///< records covered
    qint64 expectedAccounts = 0; ///< what the read counted when it was opened: what the scan should cover
    qint64 expectedRecords = 0;
};
using ScanSink = std::function<void(const PlainRecord&)>;

/**
 * Decrypts every record the caller may read of the accounts firstAccount..lastAccount, in account order and
 * in batches of accounts, and hands each to sink: intact, or with the integrity error that kept it closed (an
 * account whose DEK does not open gives one entry with id 0 and that error, and its records are skipped).
 * The next batch is fetched while this one is decrypted, so sink runs on a helper thread, one call at a time;
 * it must not touch the connection, and the record is valid only during the call (copy what you keep).
 * progress(accountsDone) runs on the calling thread; cancel is checked between batches, and so is the session
 * (SessionKeeper). Covering fewer accounts than the read counted when it was opened (access revoked or the session
 * locked meanwhile, accounts erased meanwhile) is the error records.incomplete, unless cancelled: a scan that ends
 * early never reads as complete.
 */
Result<ScanTotals> scan(pqxx::connection_base& conn, const KeyRing& ring, qint64 firstAccount, qint64 lastAccount,
                        const ScanSink& sink, const std::function<void(qint64)>& progress = {},
                        const std::atomic_bool* cancel = nullptr, int batchAccounts = 1000,
                        ReadWhy why = ReadWhy::Scan);

struct VerifyReport
{
    qint64 accounts = 0; ///< checked
    qint64 records = 0; ///< checked
    qint64 expectedAccounts = 0; ///< the caller may read, counted when the scan started
    qint64 expectedRecords = 0;
    qint64 accountsInDatabase = 0; ///< not erased, whoever may read them: a sysadmin's scan covers few of them
    bool cancelled = false;
    QList<PlainRecord> failures; ///< value empty; error says why
};

/**
 * What a scan covered out of what exists, and its outcome, in one translated sentence: "Checked 1 of 150,000
 * accounts (the 1 you have access to) and 5 records: none failed authentication." Never reads as an all-clear
 * for the accounts it did not cover.
 */
QString describe(const VerifyReport& report);

/**
 * Decrypts everything the caller may read, in batches of accounts, and reports each record (or DEK) that
 * fails authentication. progress(accountsDone) after each batch; stops early when cancel becomes true
 * (report.cancelled). An incomplete scan is an error (see scan()), never a report.
 */
Result<VerifyReport> verifyAll(pqxx::connection_base& conn, const KeyRing& ring,
                               const std::function<void(qint64)>& progress = {},
                               const std::atomic_bool* cancel = nullptr);

} // namespace records
} // namespace art32
