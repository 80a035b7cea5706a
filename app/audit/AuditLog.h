#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <limits>
#include <optional>

class QIODevice;

namespace pqxx {
class connection_base;
}

namespace art32::audit {

/** One row of art32.audit_events as the console shows and exports it (never plaintext: the log holds none). */
struct Entry
{
    qint64 seq = 0;
    QDateTime at; ///< UTC
    QString actor; ///< the login (session_user) that caused it
    QString action; ///< e.g. "records.reveal"; actionText() says it in words
    QString object;
    std::optional<qint64> accountId; ///< the account it concerns, when it concerns one
    QString table; ///< a change event's table, without the schema
    QString rowKey;
    QStringList columns; ///< a change event's changed column names
    QByteArray detail; ///< JSON object, as stored
};

/**
 * What the Audit view and an export show. Empty fields do not filter. Each filter is served by an index with seq
 * last (docs/ARCHITECTURE.md, "How audit_events grows"), so every page is a keyset page newest first.
 */
struct Filter
{
    QStringList actors; ///< logins, exact
    /** Exact actions ("records.reveal") or prefixes ending in '.' or ".*" ("records." = every records.* action). */
    QStringList actions;
    /**
     * Every event of this account: those whose account_id is it, and the range reads (records.read of a scan,
     * an export or a rotation batch) whose first..last covers it: "who saw this customer's data?".
     */
    std::optional<qint64> account;
    /**
     * With account: also the range reads that cover it. Its own events walk the (account_id, seq) index and cost
     * the same at any size; the range reads walk every records.read event with no account_id via (action, seq),
     * so they grow with the log until an index of those alone exists (docs/ARCHITECTURE.md, app/audit).
     */
    bool accountRangeReads = true;
    QDateTime from; ///< at >= from; invalid: no lower bound
    QDateTime to; ///< at < to; invalid: no upper bound

    bool isEmpty() const
    {
        return actors.isEmpty() && actions.isEmpty() && !account && !from.isValid() && !to.isValid();
    }
    bool operator==(const Filter& o) const
    {
        return actors == o.actors && actions == o.actions && account == o.account
            && accountRangeReads == o.accountRangeReads && from == o.from && to == o.to;
    }
};

/**
 * A filter made ready for paging: action prefixes expanded to the actions that exist, and the time range turned
 * into a seq range (a binary search over the primary key: `at` rises with seq, both stamped under the chain
 * lock), so no page ever scans by time.
 */
struct Query
{
    Filter filter;
    QStringList actions; ///< exact actions, prefixes expanded; used when filter.actions is not empty
    qint64 firstSeq = 1; ///< inclusive
    qint64 endSeq = std::numeric_limits<qint64>::max(); ///< exclusive
    bool matchesNothing = false; ///< e.g. a prefix no action has, or a time range with no events
};

/** Prepares a filter (two small index reads at most). A reversed time range is refused (audit.range). */
Result<Query> prepare(pqxx::connection_base& conn, const Filter& filter);

/**
 * One page, newest first: the events matching the query with seq < before (all when before is empty), at most
 * limit of them. A keyset page: the same cost on page 1 and on page 5000, at 10k events and at 10M.
 */
Result<QList<Entry>> page(pqxx::connection_base& conn, const Query& query, std::optional<qint64> before, int limit);

/** The same, oldest first after seq `after` (exports). */
Result<QList<Entry>> pageForward(pqxx::connection_base& conn, const Query& query, qint64 after, int limit);

/** The logins and the actions that occur in the log, sorted (a skip scan of their indexes; for the filter bar). */
Result<QStringList> actors(pqxx::connection_base& conn);
Result<QStringList> actions(pqxx::connection_base& conn);

enum class Format { Csv, Json };

/**
 * A signed checkpoint the log records (audit.checkpoint, written by art32.audit_checkpointed once the hash was
 * checked): the CTO's note for it signs (seq, hash), so everything up to seq can be checked against it outside the
 * database.
 */
struct CheckpointRecord
{
    qint64 seq = 0; ///< the event it signs
    QString hash; ///< hex
    QString signer;
    QDateTime at; ///< when it was made
};

/** What an export wrote. */
struct ExportSummary
{
    qint64 events = 0;
    qint64 firstSeq = 0; ///< of the events written (0: none)
    qint64 lastSeq = 0;
    qint64 upToSeq = 0; ///< the log's last event when the export began: the export covers seq <= upToSeq
    bool cancelled = false; ///< the partial file was removed
    /** The earliest checkpoint at or after the last event written: it covers the export. */
    std::optional<CheckpointRecord> checkpoint;
};

/** The earliest checkpoint the log records at or after seq (nullopt: none covers it yet). */
Result<std::optional<CheckpointRecord>> coveringCheckpoint(pqxx::connection_base& conn, qint64 seq);

/** (done, total) in seq positions of the covered range; called from the exporting thread. */
using Progress = std::function<void(qint64 done, qint64 total)>;

/**
 * Writes the events matching the query, oldest first, as CSV or JSON (docs/FORMAT.md, "Audit export"), in batches
 * of a few thousand: the table is never held in memory. Covers the log up to its last event when the export began.
 */
Result<ExportSummary> exportEvents(pqxx::connection_base& conn, const Query& query, Format format, QIODevice& out,
                                   const Progress& progress = {}, const std::atomic_bool* cancel = nullptr);

/**
 * exportEvents into a PrivateFile (0600 from its creation, renamed over path once complete): the log names who
 * read which customer's data. A failed or cancelled export leaves no file, and an earlier one at path as it was.
 */
Result<ExportSummary> exportToFile(pqxx::connection_base& conn, const Query& query, Format format, const QString& path,
                                   const Progress& progress = {}, const std::atomic_bool* cancel = nullptr);

/** The action in words, translated ("Revealed personal data"); an action it does not know, as it is. */
QString actionText(const QString& action);

} // namespace art32::audit
