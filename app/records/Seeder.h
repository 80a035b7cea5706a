#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <atomic>
#include <functional>

namespace pqxx {
class connection_base;
}

namespace art32 {

/**
 * Fake but realistic Dutch customers for the demo and the benchmarks: companies, their contacts' names,
 * e-mail addresses, phone numbers, addresses, dates of birth and notes, generated locally from a seed and
 * encrypted through the same envelope code as real records, then written with COPY in batches.
 */
class Seeder
{
public:
    struct Keys
    {
        const SecureBytes& kek;
        int kekVersion;
        const SecureBytes& indexKey;
        int indexVersion;
    };

    /**
     * Adds `accounts` accounts. The connection must be allowed to insert (art32_platform, or a superuser for
     * the demo). progress(done, total) after each batch; cancel stops after the current batch (what is
     * written stays consistent: each batch is one transaction). Returns the number of accounts written.
     * A superuser's batch writes one `records.seeded` audit event with its counts instead of an event per row
     * (art32.seed_bulk, migration 0018); any other login's rows are audited row by row.
     */
    static Result<qint64> seed(pqxx::connection_base& conn, const Keys& keys, qint64 accounts, quint64 seed = 32,
                               const std::function<void(qint64, qint64)>& progress = {},
                               const std::atomic_bool* cancel = nullptr);
};

} // namespace art32
