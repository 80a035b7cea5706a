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

/** Accounts with a record whose normalised value matches exactly (blind index, no decryption). */
Result<QList<qint64>> findAccounts(pqxx::connection_base& conn, const KeyRing& ring, RecordKind kind,
                                   const QString& value);

/**
 * Records the read (art32.record_reveal: refused unless the caller may see this account's plaintext),
 * then opens the account's DEK and decrypts its records. A record that fails authentication comes back
 * with intact = false; the rest are still shown.
 */
Result<QList<PlainRecord>> reveal(pqxx::connection_base& conn, const KeyRing& ring, qint64 accountId);

struct VerifyReport
{
    qint64 accounts = 0;
    qint64 records = 0;
    QList<PlainRecord> failures; ///< value empty; error says why
};

/**
 * Decrypts everything the caller may read, in batches of accounts, and reports each record (or DEK) that
 * fails authentication. progress(accountsDone) after each batch; stops early when cancel becomes true.
 */
Result<VerifyReport> verifyAll(pqxx::connection_base& conn, const KeyRing& ring,
                               const std::function<void(qint64)>& progress = {},
                               const std::atomic_bool* cancel = nullptr);

} // namespace records
} // namespace art32
