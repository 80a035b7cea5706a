#pragma once

// Evidence from the console itself (issue 14, DESIGN.md §6 and §4.4): for an incident's time window, who read or
// changed which accounts, from the audit chain, with the signed checkpoint that covers it; and for an availability
// breach the backup that was restored or drilled around it (DESIGN.md §5; EDPB Guidelines 01/2021, case 01).
#include "audit/AuditLog.h"
#include "backup/Status.h"
#include "core/Result.h"
#include "incidents/Incident.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <optional>

namespace pqxx {
class connection_base;
}

namespace art32::incidents {

/** The time window the evidence covers: [from, to). */
struct EvidenceWindow
{
    QDateTime from;
    QDateTime to;
    bool valid() const { return from.isValid() && to.isValid() && from < to; }
};

/**
 * The incident's own window: its possible start (q4_started_at; else discovered at, else aware at) to its
 * possible end (q4_ended_at) or, while the end is unknown, to aware-at or now, whichever is later. Invalid when
 * the incident names no time at all.
 */
EvidenceWindow windowOf(const Incident& incident, const QDateTime& now);

/** What an event did to an account's data. */
enum class EvidenceKind {
    Read, ///< records.reveal, records.read (a reveal, a save's read, a scan, a rotation)
    Change, ///< a row of art32.accounts or art32.records inserted, updated or deleted (every writer, the platform too)
    Erasure, ///< account.erase
    Export, ///< records.read for a data-subject export
    Refused, ///< records.refused: a read the server refused
};
QString evidenceKindKey(EvidenceKind k); ///< "read", "change", "erasure", "export", "refused"
QString evidenceKindName(EvidenceKind k); ///< translated

/** One actor's events of one kind on one account (or, for a range read, on a range of accounts). */
struct EvidenceRow
{
    std::optional<qint64> account; ///< empty for a range read (a scan, a rotation batch)
    qint64 rangeFirst = 0; ///< a range read's first..last account
    qint64 rangeLast = 0;
    QString actor;
    EvidenceKind kind = EvidenceKind::Read;
    qint64 count = 0;
    QDateTime first; ///< UTC
    QDateTime last;
    qint64 firstSeq = 0;
    qint64 lastSeq = 0;
};

/** The latest chain verify the log records (art32.audit_verified). */
struct VerifyRecord
{
    QString outcome; ///< "intact", "edited_row", "missing_row", "checkpoint_mismatch", "cancelled"
    qint64 intactUpTo = 0;
    qint64 seq = 0; ///< the verify event's own seq
    QString by;
    QDateTime at;
};

struct Evidence
{
    EvidenceWindow window;
    qint64 firstSeq = 0; ///< the window as seq positions: [firstSeq, endSeq)
    qint64 endSeq = 0;
    qint64 lastEvent = 0; ///< the window's last event (0: the window holds none)
    qint64 eventsScanned = 0; ///< every event of the window, relevant or not
    qint64 eventsListed = 0; ///< the events the rows count
    QList<EvidenceRow> rows; ///< by account (range reads last), then actor and kind
    bool truncated = false; ///< more than kMaxRows rows: the rest is not listed (the counts above still are)
    /** The first signed checkpoint at or after the window's last event: it covers the window. */
    std::optional<audit::CheckpointRecord> checkpoint;
    std::optional<VerifyRecord> lastVerify;
    /** The latest verify found the chain intact up to the checkpoint (or, without one, up to the window's end). */
    bool verifiedUpToCheckpoint = false;
    bool cancelled = false;

    /**
     * The single accounts of the rows, sorted, once each (what "Link these accounts" links): not those only refused
     * (nothing was shown), nor the ranges of scans and rotations (listed, linked by hand if they matter).
     */
    QList<qint64> accounts() const;
};

constexpr int kMaxEvidenceRows = 5000;
/** Events read per keyset page (a walk of the primary key inside the window). */
constexpr int kEvidenceBatch = 20000;

/**
 * Collects the evidence: the window becomes a seq range (audit::prepare's binary search over the primary key),
 * then keyset pages of the primary key, newest events never sorted, each page aggregated by the server. Readable
 * by every unlocked console role (RLS read_audit). progress(done, total) in seq positions; cancel stops it.
 */
Result<Evidence> collectEvidence(pqxx::connection_base& conn, const EvidenceWindow& window,
                                 const audit::Progress& progress = {}, const std::atomic_bool* cancel = nullptr);

/** The SQL of one keyset page (tests EXPLAIN it: a range of the primary key, never a scan of the log). */
const char* evidencePageSql();

/** Which breaches are about availability: q5_nature says lost (temporarily or for good). */
bool isAvailabilityBreach(const Incident& incident);

/** A restore (or drill) of a backup around an incident, for the report. */
struct RestoreOffer
{
    backup::BackupEntry backup;
    backup::CheckEntry check;
    double restoreSeconds = 0; ///< measured; counted as working time, as the Backups view does
    int promiseWorkingHours = 48;
    bool withinPromise = false;
};

/**
 * The successful restore or drill that finished in the window (or within a day after it): a restore before a
 * drill, then the latest. Nothing when none is recorded.
 */
std::optional<RestoreOffer> restoreOfferFor(const QList<backup::BackupEntry>& backups,
                                            const QList<backup::CheckEntry>& checks, const EvidenceWindow& window,
                                            int promiseWorkingHours = 48);

/** The sentences for the report (translated): measures taken, consequences, and the timeline note. */
struct RestoreText
{
    QString measures;
    QString consequences;
    QString timelineNote;
};
RestoreText restoreText(const RestoreOffer& offer);

} // namespace art32::incidents
