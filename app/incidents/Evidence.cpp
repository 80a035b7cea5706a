#include "incidents/Evidence.h"

#include "core/TimeFormat.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <algorithm>
#include <limits>
#include <map>
#include <pqxx/result>
#include <pqxx/transaction>
#include <tuple>

namespace art32::incidents {

namespace {

/**
 * One keyset page of the window, aggregated by the server: the page is a walk of the primary key (seq >= $1 AND
 * seq < $2 ORDER BY seq LIMIT $3), so its cost is the page's, at 10k events as at 10M. The first row (kind -1)
 * says how many events the page held and where it ended; the others are (kind, account, actor, range) groups.
 * Kinds: 0 read, 1 change, 2 erasure, 3 export, 4 refused (EvidenceKind's order). A change is a row event on the
 * tables that hold an account's data (every writer, the platform too); records.update and records.delete name
 * the same writes again, so they are not counted twice. The page keeps only what the groups need (no detail).
 */
constexpr char kPageSql[]
    = "WITH b AS MATERIALIZED ("
      " SELECT e.seq, e.at, e.actor, e.account_id, CASE"
      "   WHEN e.action = 'records.read' AND e.detail->>'why' = 'export' THEN 3"
      "   WHEN e.action IN ('records.reveal', 'records.read') THEN 0"
      "   WHEN e.action IN ('row.insert', 'row.update', 'row.delete') AND e.tbl IN ('accounts', 'records')"
      "        AND e.account_id IS NOT NULL THEN 1"
      "   WHEN e.action = 'account.erase' THEN 2"
      "   WHEN e.action = 'records.refused' THEN 4 END AS kind,"
      "  CASE WHEN e.account_id IS NULL AND e.action = 'records.read' AND e.detail->>'first' ~ '^-?[0-9]{1,19}$'"
      "       THEN (e.detail->>'first')::numeric::bigint END AS range_first,"
      "  CASE WHEN e.account_id IS NULL AND e.action = 'records.read' AND e.detail->>'last' ~ '^-?[0-9]{1,19}$'"
      "       THEN (e.detail->>'last')::numeric::bigint END AS range_last"
      "  FROM art32.audit_events e WHERE e.seq >= $1 AND e.seq < $2 ORDER BY e.seq LIMIT $3)"
      " SELECT -1, NULL::bigint, NULL::text, NULL::bigint, NULL::bigint, count(*), NULL::float8, NULL::float8,"
      "        NULL::bigint, max(b.seq) FROM b"
      " UNION ALL"
      " SELECT b.kind, b.account_id, b.actor::text, b.range_first, b.range_last, count(*),"
      "        extract(epoch FROM min(b.at))::float8, extract(epoch FROM max(b.at))::float8, min(b.seq), max(b.seq)"
      "   FROM b WHERE b.kind IS NOT NULL GROUP BY 1, 2, 3, 4, 5";

using Key = std::tuple<int, qint64, qint64, qint64, QString>; // kind, account (or min), range first, last, actor

qint64 orZero(const pqxx::field& f)
{
    return f.is_null() ? 0 : f.as<long long>();
}

} // namespace

const char* evidencePageSql()
{
    return kPageSql;
}

EvidenceWindow windowOf(const Incident& incident, const QDateTime& now)
{
    EvidenceWindow w;
    w.from = incident.time(QStringLiteral("q4_started_at"));
    if (!w.from.isValid())
        w.from = incident.detectedAt();
    if (!w.from.isValid())
        w.from = incident.awareAt();
    w.to = incident.time(QStringLiteral("q4_ended_at"));
    if (!w.to.isValid()) {
        w.to = incident.awareAt();
        if (!w.to.isValid() || w.to < now)
            w.to = now;
    }
    if (w.from.isValid())
        w.from = w.from.toUTC();
    if (w.to.isValid())
        w.to = w.to.toUTC();
    return w;
}

QString evidenceKindKey(EvidenceKind k)
{
    switch (k) {
    case EvidenceKind::Read:
        return QStringLiteral("read");
    case EvidenceKind::Change:
        return QStringLiteral("change");
    case EvidenceKind::Erasure:
        return QStringLiteral("erasure");
    case EvidenceKind::Export:
        return QStringLiteral("export");
    case EvidenceKind::Refused:
        return QStringLiteral("refused");
    }
    return {};
}

QString evidenceKindName(EvidenceKind k)
{
    switch (k) {
    case EvidenceKind::Read:
        return QCoreApplication::translate("art32::incidents", "read");
    case EvidenceKind::Change:
        return QCoreApplication::translate("art32::incidents", "changed");
    case EvidenceKind::Erasure:
        return QCoreApplication::translate("art32::incidents", "erased");
    case EvidenceKind::Export:
        return QCoreApplication::translate("art32::incidents", "exported");
    case EvidenceKind::Refused:
        return QCoreApplication::translate("art32::incidents", "read refused");
    }
    return {};
}

QList<qint64> Evidence::accounts() const
{
    QList<qint64> ids;
    for (const EvidenceRow& r : rows)
        if (r.account && r.kind != EvidenceKind::Refused) // a refused read showed nothing
            ids << *r.account;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

Result<Evidence> collectEvidence(pqxx::connection_base& conn, const EvidenceWindow& window,
                                 const audit::Progress& progress, const std::atomic_bool* cancel)
{
    if (!window.valid())
        return Error { QStringLiteral("evidence.window"),
                       QCoreApplication::translate(
                           "art32::incidents",
                           "The evidence needs a time window whose end comes after its start: fill in the possible "
                           "start of the breach (or when it was discovered).") };
    audit::Filter filter;
    filter.from = window.from;
    filter.to = window.to;
    auto query = audit::prepare(conn, filter);
    if (!query)
        return query.error();
    return Database::guarded([&]() -> Result<Evidence> {
        Evidence ev;
        ev.window = window;
        ev.firstSeq = query->firstSeq;
        ev.endSeq = query->endSeq;
        {
            pqxx::read_transaction tx(conn);
            // The last event before the window's end (a backward step of the primary key): the checkpoint has to
            // cover it, also when the window itself holds no event ("nothing happened" needs proof too).
            const qint64 cover = orZero(tx.exec_params("SELECT max(e.seq) FROM art32.audit_events e WHERE e.seq < $1",
                                                       static_cast<long long>(ev.endSeq))[0][0]);
            ev.lastEvent = cover >= ev.firstSeq ? cover : 0;
            ev.checkpoint = std::nullopt;
            // A checkpoint signs (seq, hash) of an event: the first one at or after `cover` covers the window.
            const pqxx::result cp = tx.exec_params(
                "SELECT e.object::bigint, e.detail->>'hash', e.actor::text, extract(epoch FROM e.at)::float8 "
                "FROM art32.audit_events e WHERE e.action = 'audit.checkpoint' AND e.object ~ '^[0-9]{1,18}$' "
                "AND e.object::bigint >= $1 ORDER BY e.object::bigint, e.seq LIMIT 1",
                static_cast<long long>(qMax<qint64>(cover, 1)));
            if (!cp.empty() && cover > 0) {
                audit::CheckpointRecord c;
                c.seq = cp[0][0].as<long long>();
                c.hash = QString::fromStdString(cp[0][1].as<std::string>());
                c.signer = QString::fromStdString(cp[0][2].as<std::string>());
                c.at = pgwire::epochTime(cp[0][3]);
                ev.checkpoint = c;
            }
            // The latest verify that ran to an outcome: ordered as the (action, seq) index is, so the planner walks it
            // backwards rather than the primary key over the whole log (a log that was never verified has none).
            const pqxx::result v = tx.exec("SELECT e.object, CASE WHEN e.detail->>'intact_up_to' ~ '^[0-9]{1,18}$' "
                                           "THEN (e.detail->>'intact_up_to')::bigint ELSE 0 END, e.seq, e.actor::text, "
                                           "extract(epoch FROM e.at)::float8 FROM art32.audit_events e "
                                           "WHERE e.action = 'audit.verify' AND e.object IS DISTINCT FROM 'cancelled' "
                                           "ORDER BY e.action DESC, e.seq DESC LIMIT 1");
            if (!v.empty()) {
                VerifyRecord r;
                r.outcome = QString::fromStdString(v[0][0].is_null() ? std::string() : v[0][0].as<std::string>());
                r.intactUpTo = v[0][1].as<long long>();
                r.seq = v[0][2].as<long long>();
                r.by = QString::fromStdString(v[0][3].as<std::string>());
                r.at = pgwire::epochTime(v[0][4]);
                ev.lastVerify = r;
                const qint64 target = ev.checkpoint ? ev.checkpoint->seq : cover;
                ev.verifiedUpToCheckpoint = target > 0 && r.intactUpTo >= target;
            }
        }
        if (query->matchesNothing || ev.endSeq <= ev.firstSeq)
            return ev;

        std::map<Key, EvidenceRow> rows;
        const qint64 total = ev.endSeq == std::numeric_limits<qint64>::max()
            ? qMax<qint64>(0, ev.lastEvent - ev.firstSeq + 1)
            : ev.endSeq - ev.firstSeq;
        qint64 cursor = ev.firstSeq;
        for (;;) {
            if (cancel && cancel->load()) {
                ev.cancelled = true;
                break;
            }
            pqxx::read_transaction tx(conn);
            const pqxx::result r = tx.exec_params(kPageSql, static_cast<long long>(cursor),
                                                  static_cast<long long>(ev.endSeq), kEvidenceBatch);
            tx.commit();
            qint64 scanned = 0, pageEnd = 0;
            for (const auto& row : r) {
                const int kind = row[0].as<int>();
                if (kind < 0) {
                    scanned = row[5].as<long long>();
                    pageEnd = orZero(row[9]);
                    continue;
                }
                const std::optional<qint64> account
                    = row[1].is_null() ? std::nullopt : std::optional<qint64>(row[1].as<long long>());
                const qint64 first = orZero(row[3]), last = orZero(row[4]);
                const QString actor = QString::fromStdString(row[2].as<std::string>());
                const Key key { kind, account.value_or(std::numeric_limits<qint64>::min()), first, last, actor };
                const qint64 n = row[5].as<long long>();
                ev.eventsListed += n;
                auto it = rows.find(key);
                if (it == rows.end()) {
                    if (rows.size() >= size_t(kMaxEvidenceRows)) {
                        ev.truncated = true;
                        continue;
                    }
                    EvidenceRow e;
                    e.account = account;
                    e.rangeFirst = first;
                    e.rangeLast = last;
                    e.actor = actor;
                    e.kind = static_cast<EvidenceKind>(kind);
                    e.first = pgwire::epochTime(row[6]);
                    e.firstSeq = row[8].as<long long>();
                    it = rows.emplace(key, e).first;
                }
                it->second.count += n;
                it->second.last = pgwire::epochTime(row[7]);
                it->second.lastSeq = row[9].as<long long>();
            }
            ev.eventsScanned += scanned;
            if (scanned < kEvidenceBatch || pageEnd + 1 >= ev.endSeq) {
                if (progress)
                    progress(total, total);
                break;
            }
            cursor = pageEnd + 1;
            if (progress)
                progress(qMin(total, cursor - ev.firstSeq), total);
        }
        for (auto& [key, row] : rows)
            ev.rows.append(row);
        std::sort(ev.rows.begin(), ev.rows.end(), [](const EvidenceRow& a, const EvidenceRow& b) {
            // Single accounts by id, then range reads; within, by actor and kind.
            return std::make_tuple(!a.account, a.account.value_or(a.rangeFirst), a.rangeLast, a.actor, int(a.kind))
                < std::make_tuple(!b.account, b.account.value_or(b.rangeFirst), b.rangeLast, b.actor, int(b.kind));
        });
        return ev;
    });
}

bool isAvailabilityBreach(const Incident& incident)
{
    const QStringList nature = incident.list(QStringLiteral("q5_nature"));
    return nature.contains(QLatin1String("lost_temporarily")) || nature.contains(QLatin1String("lost_permanently"));
}

std::optional<RestoreOffer> restoreOfferFor(const QList<backup::BackupEntry>& backups,
                                            const QList<backup::CheckEntry>& checks, const EvidenceWindow& window,
                                            int promiseWorkingHours)
{
    if (!window.valid())
        return std::nullopt;
    // A restore that brings the data back usually ends the breach, so it may finish just after the window's end.
    const QDateTime until = window.to.addSecs(24 * 3600);
    const backup::CheckEntry* best = nullptr;
    for (const backup::CheckEntry& c : checks) {
        if (c.kind == backup::CheckEntry::Kind::Verify || !c.ok.value_or(false) || !c.finished.isValid())
            continue;
        if (c.finished < window.from || c.finished > until)
            continue;
        const bool restore = c.kind == backup::CheckEntry::Kind::Restore;
        if (!best || (restore && best->kind != backup::CheckEntry::Kind::Restore)
            || (restore == (best->kind == backup::CheckEntry::Kind::Restore) && c.finished > best->finished))
            best = &c;
    }
    if (!best)
        return std::nullopt;
    const auto b = std::find_if(backups.begin(), backups.end(),
                                [&](const backup::BackupEntry& e) { return e.id == best->backupId; });
    if (b == backups.end())
        return std::nullopt;
    RestoreOffer o;
    o.backup = *b;
    o.check = *best;
    // Counted as the Backups view counts a drill (backup/Status).
    o.restoreSeconds = backup::restoreSecondsOf(*best);
    o.promiseWorkingHours = promiseWorkingHours;
    o.withinPromise = backup::withinRecoveryPromise(o.restoreSeconds, promiseWorkingHours);
    return o;
}

RestoreText restoreText(const RestoreOffer& o)
{
    const QString made = timefmt::absolute(o.backup.finished.isValid() ? o.backup.finished : o.backup.started);
    const QString when = timefmt::absolute(o.check.finished);
    const QString took = timefmt::duration(qint64(o.restoreSeconds));
    const QString promise = o.withinPromise
        ? QCoreApplication::translate("art32::incidents", "within the promise of %n working hour(s)", nullptr,
                                      o.promiseWorkingHours)
        : QCoreApplication::translate("art32::incidents", "beyond the promise of %n working hour(s)", nullptr,
                                      o.promiseWorkingHours);
    RestoreText t;
    if (o.check.kind == backup::CheckEntry::Kind::Restore) {
        t.measures = QCoreApplication::translate(
                         "art32::incidents",
                         "The data were restored from backup %1 (made %2); the restore finished %3 and took %4, %5.")
                         .arg(o.backup.label, made, when, took, promise);
        t.consequences = QCoreApplication::translate(
                             "art32::incidents",
                             "The data were unavailable until the restore finished %1; changes made after the "
                             "backup of %2 had to be made again.")
                             .arg(when, made);
        t.timelineNote = QCoreApplication::translate("art32::incidents",
                                                     "Restore evidence: backup %1 (made %2) restored %3 in %4, %5.")
                             .arg(o.backup.label, made, when, took, promise);
    } else {
        t.measures = QCoreApplication::translate(
                         "art32::incidents",
                         "A restore drill of backup %1 (made %2) finished %3: it restored the data in %4, %5.")
                         .arg(o.backup.label, made, when, took, promise);
        t.consequences
            = QCoreApplication::translate("art32::incidents",
                                          "A tested backup of %1 exists, so the data can be made available again %2.")
                  .arg(made, promise);
        t.timelineNote = QCoreApplication::translate(
                             "art32::incidents",
                             "Restore evidence: drill of backup %1 (made %2) finished %3, restore time %4, %5.")
                             .arg(o.backup.label, made, when, took, promise);
    }
    return t;
}

} // namespace art32::incidents
