#include "audit/AuditLog.h"

#include "core/PrivateFile.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pqxx/prepared_statement>
#include <pqxx/result>
#include <pqxx/transaction>
#include <sys/stat.h>
#include <unistd.h>

namespace art32::audit {
namespace {

// The columns of an event, in Entry's order (migration 0012: account_id as audit_account_of() derived it when the
// event was written, and for a change event its table, key and changed column names).
constexpr char kAccountId[] = "e.account_id";
constexpr char kChangeColumns[] = "e.tbl, e.row_key, array_to_json(e.columns)::text";
constexpr char kHashColumns[] = "encode(e.prev_hash, 'hex'), encode(e.hash, 'hex')";

std::string eventColumns()
{
    return std::string("e.seq, extract(epoch FROM e.at)::float8, e.actor::text, e.action, e.object, ") + kAccountId
        + ", " + kChangeColumns + ", e.detail::text";
}

/** Export rows: the time exactly as stored (UTC, microseconds), and the hashes in hex. */
std::string exportColumns()
{
    return std::string("e.seq, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), e.actor::text, "
                       "e.action, e.object, ")
        + kAccountId + ", " + kChangeColumns + ", e.detail::text, " + kHashColumns;
}

/** Parameters in order, each a text value the server casts: the SQL is built from fixed pieces only. */
/**
 * The parameters of one query, bound by position. `add` stores the value and returns only its placeholder
 * (`$n`): the SQL the filters compose is fixed text, column lists defined in this file and placeholders, never a
 * value (the cursor, the limit, an account, the lists of actors and actions all travel as parameters).
 */
/**
 * The bound values of one statement: add() keeps a value and returns its placeholder ($n). The statements of this
 * file are assembled from fixed SQL, these placeholders and the fixed column lists of eventColumns()/exportColumns()
 * only; no value ever enters their text (exec_params sends them apart).
 */
struct Params
{
    std::vector<std::string> values;
    std::string add(std::string v)
    {
        values.push_back(std::move(v));
        return "$" + std::to_string(values.size());
    }
    std::string add(qint64 v) { return add(std::to_string(v)); }
};

std::string jsonList(const QStringList& list)
{
    return QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact).toStdString();
}

std::string epoch(const QDateTime& t)
{
    return std::to_string(static_cast<double>(t.toMSecsSinceEpoch()) / 1000.0);
}

enum class Drive { Account, Actors, Actions, None };

/**
 * The conditions every stream applies, except the one the stream is driven by (it walks that index). `cursor`
 * is the keyset bound.
 */
std::string conditions(const Query& q, Params& p, Drive skip, const std::string& cursor, const std::string& accParam)
{
    std::string w = cursor;
    if (q.firstSeq > 1)
        w += " AND e.seq >= " + p.add(q.firstSeq);
    if (q.endSeq != std::numeric_limits<qint64>::max())
        w += " AND e.seq < " + p.add(q.endSeq);
    if (!q.filter.actors.isEmpty() && skip != Drive::Actors)
        w += " AND e.actor = ANY (ARRAY(SELECT jsonb_array_elements_text(" + p.add(jsonList(q.filter.actors))
            + "::jsonb))::name[])";
    if (!q.filter.actions.isEmpty() && skip != Drive::Actions)
        w += " AND e.action = ANY (ARRAY(SELECT jsonb_array_elements_text(" + p.add(jsonList(q.actions)) + "::jsonb)))";
    if (q.filter.account && skip != Drive::Account)
        w += " AND ((" + std::string(kAccountId) + ") = " + accParam
            + "::bigint OR (e.action = 'records.read' AND e.detail->'first' <= to_jsonb(" + accParam
            + "::bigint) AND e.detail->'last' >= to_jsonb(" + accParam + "::bigint)))";
    if (q.filter.from.isValid())
        w += " AND e.at >= to_timestamp(" + p.add(epoch(q.filter.from)) + "::float8)";
    if (q.filter.to.isValid())
        w += " AND e.at < to_timestamp(" + p.add(epoch(q.filter.to)) + "::float8)";
    return w;
}

/**
 * One keyset page. Several values of one filter (two actors, an account's own events and the range reads that
 * cover it) are several index walks, each stopping after `limit` rows, merged: an ordered walk of (actor, seq)
 * per actor rather than one walk that would sort every event of both.
 */
pqxx::result fetch(pqxx::read_transaction& tx, const Query& q, std::optional<qint64> cursor, int limit, bool forward,
                   const std::string& columns)
{
    Params p;
    const std::string order = forward ? " ORDER BY e.seq ASC" : " ORDER BY e.seq DESC";
    const std::string cursorCond = cursor ? std::string("e.seq ") + (forward ? "> " : "< ") + p.add(*cursor) : "true";
    const std::string lim = p.add(static_cast<qint64>(limit));
    const std::string acc = q.filter.account ? p.add(*q.filter.account) : std::string();
    const Drive drive = q.filter.account ? Drive::Account
        : !q.filter.actors.isEmpty()     ? Drive::Actors
        : !q.filter.actions.isEmpty()    ? Drive::Actions
                                         : Drive::None;
    std::string sql;
    if (drive == Drive::None) {
        sql = "SELECT " + columns + " FROM art32.audit_events e WHERE " + conditions(q, p, drive, cursorCond, acc)
            + order + " LIMIT " + lim + "::int";
    } else {
        // Each stream carries the whole rows and the outer query only merges them: joining back by seq (`seq IN
        // (streams)`) let the planner walk the primary key from the newest event probing the streams, which for a
        // rare account is a walk of the whole log.
        const std::string where = conditions(q, p, drive, cursorCond, acc);
        const std::string outer = forward ? " ORDER BY 1 ASC" : " ORDER BY 1 DESC";
        if (drive == Drive::Account) {
            const std::string own = "(SELECT " + columns + " FROM art32.audit_events e WHERE e.account_id = " + acc
                + "::bigint AND " + where + order + " LIMIT " + lim + "::int)";
            // The range reads that cover it: a range read names no single account (account_id is null), a read
            // of this one account is among its own events.
            const std::string ranges = "(SELECT " + columns
                + " FROM art32.audit_events e WHERE e.action = 'records.read' AND e.account_id IS NULL AND "
                  "e.detail->'first' <= to_jsonb("
                + acc + "::bigint) AND e.detail->'last' >= to_jsonb(" + acc + "::bigint) AND " + where + order
                + " LIMIT " + lim + "::int)";
            sql = q.filter.accountRangeReads
                ? "SELECT * FROM (" + own + " UNION ALL " + ranges + ") u" + outer + " LIMIT " + lim + "::int"
                : own;
        } else {
            const bool actors = drive == Drive::Actors;
            const std::string list = p.add(jsonList(actors ? q.filter.actors : q.actions));
            sql = "SELECT s.* FROM (SELECT DISTINCT x FROM jsonb_array_elements_text(" + list
                + "::jsonb) j(x)) v CROSS JOIN LATERAL (SELECT " + columns + " FROM art32.audit_events e WHERE "
                + (actors ? "e.actor = v.x::name" : "e.action = v.x") + " AND " + where + order + " LIMIT " + lim
                + "::int) s" + outer + " LIMIT " + lim + "::int";
        }
    }
    return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(p.values));
}

QString text(const pqxx::field& f)
{
    return f.is_null() ? QString() : QString::fromUtf8(f.c_str(), static_cast<qsizetype>(f.size()));
}

Entry eventFrom(const pqxx::row& r)
{
    Entry e;
    e.seq = r[0].as<long long>();
    e.at = pgwire::epochTime(r[1]);
    e.actor = text(r[2]);
    e.action = text(r[3]);
    e.object = text(r[4]);
    if (!r[5].is_null())
        e.accountId = r[5].as<long long>();
    e.table = text(r[6]);
    e.rowKey = text(r[7]);
    if (!r[8].is_null())
        for (const QJsonValue& v : QJsonDocument::fromJson(QByteArray(r[8].c_str())).array())
            e.columns << v.toString();
    e.detail = QByteArray(r[9].c_str(), static_cast<qsizetype>(r[9].size()));
    return e;
}

QList<Entry> eventsFrom(const pqxx::result& r)
{
    QList<Entry> events;
    events.reserve(static_cast<qsizetype>(r.size()));
    for (const auto& row : r)
        events.append(eventFrom(row));
    return events;
}

/** Distinct values of a column with an index leading on it: one index probe per value, not a scan of the log. */
QStringList distinct(pqxx::connection_base& conn, const char* column)
{
    pqxx::read_transaction tx(conn);
    const std::string c = column;
    const pqxx::result r
        = tx.exec("WITH RECURSIVE d(v) AS (SELECT min(" + c
                  + "::text) FROM art32.audit_events UNION ALL "
                    "SELECT (SELECT min(e."
                  + c + "::text) FROM art32.audit_events e WHERE e." + c + " > d.v::" + (c == "actor" ? "name" : "text")
                  + ") FROM d WHERE d.v IS NOT NULL) SELECT v FROM d WHERE v IS NOT NULL");
    QStringList values;
    for (const auto& row : r)
        values << text(row[0]);
    values.sort();
    return values;
}

constexpr qint64 kExportBatch = 5000;

QByteArray csvField(const pqxx::field& f, bool text)
{
    if (f.is_null())
        return {};
    QByteArray v(f.c_str(), static_cast<qsizetype>(f.size()));
    // A spreadsheet runs a cell that starts with = + - @ as a formula: such a text starts with ' instead. The JSON
    // export is exact.
    if (text && !v.isEmpty() && QByteArrayLiteral("=+-@\t\r").contains(v.at(0)))
        v.prepend('\'');
    if (v.contains(',') || v.contains('"') || v.contains('\n') || v.contains('\r')) {
        v.replace("\"", "\"\"");
        return '"' + v + '"';
    }
    return v;
}

QJsonValue jsonField(const pqxx::field& f)
{
    return f.is_null() ? QJsonValue(QJsonValue::Null) : QJsonValue(text(f));
}

QJsonObject filterJson(const Filter& f)
{
    QJsonObject o;
    o.insert(QStringLiteral("actors"), QJsonArray::fromStringList(f.actors));
    o.insert(QStringLiteral("actions"), QJsonArray::fromStringList(f.actions));
    o.insert(QStringLiteral("account"), f.account ? QJsonValue(static_cast<double>(*f.account)) : QJsonValue());
    o.insert(QStringLiteral("from"),
             f.from.isValid() ? QJsonValue(f.from.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue());
    o.insert(QStringLiteral("to"),
             f.to.isValid() ? QJsonValue(f.to.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue());
    return o;
}

bool write(QIODevice& out, const QByteArray& data)
{
    return out.write(data) == data.size();
}

Error writeError(const QIODevice& out)
{
    return {
        QStringLiteral("audit.write"),
        QCoreApplication::translate("art32::audit", "The export could not be written: %1").arg(out.errorString())
    };
}

std::optional<CheckpointRecord> covering(pqxx::read_transaction& tx, qint64 seq)
{
    // Few events are checkpoints: the (action, seq) index finds them, and object is the seq a definer wrote.
    const pqxx::result r
        = tx.exec_params("SELECT e.object::bigint, e.detail->>'hash', e.actor::text, extract(epoch FROM e.at)::float8 "
                         "FROM art32.audit_events e WHERE e.action = 'audit.checkpoint' AND e.object ~ '^[0-9]{1,18}$' "
                         "AND e.object::bigint >= $1 ORDER BY e.object::bigint, e.seq LIMIT 1",
                         static_cast<long long>(seq));
    if (r.empty())
        return std::nullopt;
    CheckpointRecord c;
    c.seq = r[0][0].as<long long>();
    c.hash = text(r[0][1]);
    c.signer = text(r[0][2]);
    c.at = pgwire::epochTime(r[0][3]);
    return c;
}

QJsonValue checkpointJson(const std::optional<CheckpointRecord>& c)
{
    if (!c)
        return QJsonValue();
    QJsonObject o;
    o.insert(QStringLiteral("seq"), static_cast<double>(c->seq));
    o.insert(QStringLiteral("hash"), c->hash);
    o.insert(QStringLiteral("signer"), c->signer);
    o.insert(QStringLiteral("at"), c->at.toUTC().toString(Qt::ISODateWithMs));
    return o;
}

} // namespace

Result<std::optional<CheckpointRecord>> coveringCheckpoint(pqxx::connection_base& conn, qint64 seq)
{
    return Database::guarded([&]() -> Result<std::optional<CheckpointRecord>> {
        pqxx::read_transaction tx(conn);
        return covering(tx, seq);
    });
}

Result<Query> prepare(pqxx::connection_base& conn, const Filter& filter)
{
    return Database::guarded([&]() -> Result<Query> {
        if (filter.from.isValid() && filter.to.isValid() && filter.to <= filter.from)
            return Error { QStringLiteral("audit.range"),
                           QCoreApplication::translate("art32::audit",
                                                       "The end of the time range must come after "
                                                       "its start.") };
        Query q;
        q.filter = filter;
        if (!filter.actions.isEmpty()) {
            QStringList exact, prefixes;
            for (const QString& a : filter.actions) {
                if (a.endsWith(QLatin1String(".*")))
                    prefixes << a.chopped(1);
                else if (a.endsWith(QLatin1Char('.')))
                    prefixes << a;
                else
                    exact << a;
            }
            if (!prefixes.isEmpty()) {
                auto known = distinct(conn, "action");
                for (const QString& a : known)
                    for (const QString& prefix : prefixes)
                        if (a.startsWith(prefix) && !exact.contains(a))
                            exact << a;
            }
            q.actions = exact;
            q.matchesNothing = exact.isEmpty();
        }
        if (filter.from.isValid() || filter.to.isValid()) {
            pqxx::read_transaction tx(conn);
            // The first seq whose event is at or after t: a binary search over the primary key in one statement.
            // Gaps in seq (rolled back numbers, a cut prefix) are skipped by taking the first event at or above
            // the middle; lo only rises, hi only falls.
            const auto firstAtOrAfter = [&](const QDateTime& t) {
                return tx
                    .exec_params(
                        "WITH RECURSIVE b(lo, hi) AS ("
                        " SELECT coalesce(min(seq), 1), coalesce(max(seq), 0) + 1 FROM art32.audit_events"
                        " UNION ALL"
                        " SELECT CASE WHEN m.seq IS NULL OR m.seq >= b.hi OR m.at >= to_timestamp($1::float8)"
                        "             THEN b.lo ELSE m.seq + 1 END,"
                        "        CASE WHEN m.seq IS NULL OR m.seq >= b.hi THEN (b.lo + b.hi) / 2"
                        "             WHEN m.at >= to_timestamp($1::float8) THEN m.seq ELSE b.hi END"
                        "   FROM b LEFT JOIN LATERAL (SELECT e.seq, e.at FROM art32.audit_events e"
                        "                              WHERE e.seq >= (b.lo + b.hi) / 2 ORDER BY e.seq LIMIT 1) m"
                        "     ON true"
                        "  WHERE b.lo < b.hi)"
                        " SELECT lo FROM b WHERE lo >= hi",
                        epoch(t))[0][0]
                    .as<long long>();
            };
            if (filter.from.isValid())
                q.firstSeq = firstAtOrAfter(filter.from);
            if (filter.to.isValid())
                q.endSeq = firstAtOrAfter(filter.to);
            if (q.endSeq <= q.firstSeq)
                q.matchesNothing = true;
        }
        return q;
    });
}

Result<QList<Entry>> page(pqxx::connection_base& conn, const Query& query, std::optional<qint64> before, int limit)
{
    return Database::guarded([&]() -> Result<QList<Entry>> {
        if (query.matchesNothing)
            return QList<Entry>();
        pqxx::read_transaction tx(conn);
        return eventsFrom(fetch(tx, query, before, limit, false, eventColumns()));
    });
}

Result<QList<Entry>> pageForward(pqxx::connection_base& conn, const Query& query, qint64 after, int limit)
{
    return Database::guarded([&]() -> Result<QList<Entry>> {
        if (query.matchesNothing)
            return QList<Entry>();
        pqxx::read_transaction tx(conn);
        return eventsFrom(fetch(tx, query, after, limit, true, eventColumns()));
    });
}

Result<QStringList> actors(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<QStringList> { return distinct(conn, "actor"); });
}

Result<QStringList> actions(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<QStringList> { return distinct(conn, "action"); });
}

Result<ExportSummary> exportEvents(pqxx::connection_base& conn, const Query& query, Format format, QIODevice& out,
                                   const Progress& progress, const std::atomic_bool* cancel)
{
    return Database::guarded([&]() -> Result<ExportSummary> {
        ExportSummary s;
        {
            pqxx::read_transaction tx(conn);
            s.upToSeq = tx.exec("SELECT coalesce(max(seq), 0) FROM art32.audit_events")[0][0].as<long long>();
        }
        // Events that arrive while the export runs are not in it: it covers exactly seq <= upToSeq.
        Query q = query;
        q.endSeq = qMin(q.endSeq, s.upToSeq + 1);
        const qint64 start = q.firstSeq;
        const qint64 total = qMax<qint64>(0, q.endSeq - start);
        const bool csv = format == Format::Csv;
        const QByteArray head = csv
            ? QByteArrayLiteral("seq,at,actor,action,object,account_id,table,row_key,columns,detail,prev_hash,hash\r\n")
            : QByteArrayLiteral("{\n\"format\": \"art32-audit-export\",\n\"version\": 1,\n\"filter\": ")
                + QJsonDocument(filterJson(query.filter)).toJson(QJsonDocument::Compact) + "," + "\n\"events\": [";
        if (!write(out, head))
            return writeError(out);
        qint64 cursor = start - 1;
        bool more = !q.matchesNothing && total > 0;
        while (more) {
            if (cancel && cancel->load()) {
                s.cancelled = true;
                return s;
            }
            pqxx::read_transaction tx(conn);
            const pqxx::result r = fetch(tx, q, cursor, kExportBatch, true, exportColumns());
            tx.commit();
            QByteArray chunk;
            for (const auto& row : r) {
                if (csv) {
                    QList<QByteArray> fields;
                    for (int i = 0; i < 12; ++i)
                        fields << csvField(row[i], i >= 2 && i <= 7);
                    chunk += fields.join(',') + "\r\n";
                } else {
                    QJsonObject o;
                    o.insert(QStringLiteral("seq"), static_cast<double>(row[0].as<long long>()));
                    o.insert(QStringLiteral("at"), jsonField(row[1]));
                    o.insert(QStringLiteral("actor"), jsonField(row[2]));
                    o.insert(QStringLiteral("action"), jsonField(row[3]));
                    o.insert(QStringLiteral("object"), jsonField(row[4]));
                    o.insert(QStringLiteral("account_id"),
                             row[5].is_null() ? QJsonValue() : QJsonValue(static_cast<double>(row[5].as<long long>())));
                    o.insert(QStringLiteral("table"), jsonField(row[6]));
                    o.insert(QStringLiteral("row_key"), jsonField(row[7]));
                    o.insert(QStringLiteral("columns"),
                             row[8].is_null() ? QJsonValue()
                                              : QJsonValue(QJsonDocument::fromJson(row[8].c_str()).array()));
                    o.insert(QStringLiteral("detail"), QJsonDocument::fromJson(row[9].c_str()).object());
                    // The object for reading, and PostgreSQL's own text of it, which the hash covers (FORMAT.md §8).
                    o.insert(QStringLiteral("detail_text"), jsonField(row[9]));
                    o.insert(QStringLiteral("prev_hash"), jsonField(row[10]));
                    o.insert(QStringLiteral("hash"), jsonField(row[11]));
                    chunk += (s.events == 0 ? "\n" : ",\n") + QJsonDocument(o).toJson(QJsonDocument::Compact);
                }
                const qint64 seq = row[0].as<long long>();
                if (s.events == 0)
                    s.firstSeq = seq;
                s.lastSeq = seq;
                ++s.events;
            }
            if (!write(out, chunk))
                return writeError(out);
            more = static_cast<qint64>(r.size()) == kExportBatch;
            if (!r.empty())
                cursor = s.lastSeq;
            if (progress)
                progress(more ? cursor - start + 1 : total, total);
        }
        {
            pqxx::read_transaction tx(conn);
            s.checkpoint = covering(tx, s.events ? s.lastSeq : s.upToSeq);
        }
        {
            // The export is itself an event (art32.audit_exported, 0018): what, which filter, which range.
            pqxx::work tx(conn);
            const std::string filter
                = QJsonDocument(filterJson(query.filter)).toJson(QJsonDocument::Compact).toStdString();
            if (s.events)
                tx.exec_params("SELECT art32.audit_exported($1, $2::jsonb, $3, $4, $5, $6)", csv ? "csv" : "json",
                               filter, static_cast<long long>(s.firstSeq), static_cast<long long>(s.lastSeq),
                               static_cast<long long>(s.upToSeq), static_cast<long long>(s.events));
            else
                tx.exec_params("SELECT art32.audit_exported($1, $2::jsonb, NULL, NULL, $3, 0)", csv ? "csv" : "json",
                               filter, static_cast<long long>(s.upToSeq));
            tx.commit();
        }
        if (!csv) {
            QJsonObject tail;
            tail.insert(QStringLiteral("count"), static_cast<double>(s.events));
            tail.insert(QStringLiteral("first_seq"), static_cast<double>(s.firstSeq));
            tail.insert(QStringLiteral("last_seq"), static_cast<double>(s.lastSeq));
            tail.insert(QStringLiteral("up_to_seq"), static_cast<double>(s.upToSeq));
            tail.insert(QStringLiteral("checkpoint"), checkpointJson(s.checkpoint));
            QByteArray end = QJsonDocument(tail).toJson(QJsonDocument::Compact);
            end = "\n],\n" + end.mid(1); // the summary's members close the top-level object
            if (!write(out, end + "\n"))
                return writeError(out);
        }
        return s;
    });
}

Result<ExportSummary> exportToFile(pqxx::connection_base& conn, const Query& query, Format format, const QString& path,
                                   const Progress& progress, const std::atomic_bool* cancel)
{
    PrivateFile file(path); // 0600 from its creation; the path appears only once complete (commit)
    if (!file.open())
        return Error {
            QStringLiteral("audit.write"),
            QCoreApplication::translate("art32::audit", "Could not write %1: %2").arg(path, file.errorString())
        };
    Result<ExportSummary> written = exportEvents(conn, query, format, file.device(), progress, cancel);
    const bool flushed = written && !written->cancelled && file.commit();
    if (!written || written->cancelled || !flushed) {
        file.discard(); // half an export is no evidence
        if (written && !written->cancelled)
            return Error {
                QStringLiteral("audit.write"),
                QCoreApplication::translate("art32::audit", "Could not write %1: %2").arg(path, file.errorString())
            };
    }
    return written;
}

QString actionText(const QString& action)
{
    const auto tr = [](const char* text) {
        return QCoreApplication::translate("art32::audit", text);
    };
    static const QHash<QString, const char*> words {
        { QStringLiteral("admin.create"), QT_TRANSLATE_NOOP("art32::audit", "Created an admin") },
        { QStringLiteral("admin.reset_enrollment"), QT_TRANSLATE_NOOP("art32::audit", "Reset an admin's TOTP") },
        { QStringLiteral("admin.disable"), QT_TRANSLATE_NOOP("art32::audit", "Disabled an admin") },
        { QStringLiteral("admin.enable"), QT_TRANSLATE_NOOP("art32::audit", "Enabled an admin") },
        { QStringLiteral("unlock.ok"), QT_TRANSLATE_NOOP("art32::audit", "Unlocked") },
        { QStringLiteral("unlock.wrong"), QT_TRANSLATE_NOOP("art32::audit", "Unlock refused: wrong code") },
        { QStringLiteral("unlock.replayed"), QT_TRANSLATE_NOOP("art32::audit", "Unlock refused: code used before") },
        { QStringLiteral("unlock.locked"), QT_TRANSLATE_NOOP("art32::audit", "Unlock refused: locked out") },
        { QStringLiteral("unlock.disabled"), QT_TRANSLATE_NOOP("art32::audit", "Unlock refused: admin disabled") },
        { QStringLiteral("unlock.not_enrolled"), QT_TRANSLATE_NOOP("art32::audit", "Unlock refused: not enrolled") },
        { QStringLiteral("unlock.uncommitted"),
          QT_TRANSLATE_NOOP("art32::audit", "Unlock attempts rolled back (counted as failures)") },
        { QStringLiteral("lock"), QT_TRANSLATE_NOOP("art32::audit", "Locked") },
        { QStringLiteral("enroll.ok"), QT_TRANSLATE_NOOP("art32::audit", "Enrolled") },
        { QStringLiteral("enroll.wrong_code"), QT_TRANSLATE_NOOP("art32::audit", "Enrollment refused: wrong code") },
        { QStringLiteral("enroll.refused"), QT_TRANSLATE_NOOP("art32::audit", "Enrollment refused") },
        { QStringLiteral("records.reveal"), QT_TRANSLATE_NOOP("art32::audit", "Revealed personal data") },
        { QStringLiteral("records.read"), QT_TRANSLATE_NOOP("art32::audit", "Read encrypted records") },
        { QStringLiteral("records.update"), QT_TRANSLATE_NOOP("art32::audit", "Changed a record") },
        { QStringLiteral("records.delete"), QT_TRANSLATE_NOOP("art32::audit", "Deleted a record") },
        { QStringLiteral("records.search"), QT_TRANSLATE_NOOP("art32::audit", "Searched by e-mail or phone") },
        { QStringLiteral("account.erase"), QT_TRANSLATE_NOOP("art32::audit", "Erased an account") },
        { QStringLiteral("access.grant"), QT_TRANSLATE_NOOP("art32::audit", "Granted access") },
        { QStringLiteral("access.revoke"), QT_TRANSLATE_NOOP("art32::audit", "Revoked access") },
        { QStringLiteral("keys.init"), QT_TRANSLATE_NOOP("art32::audit", "Created the keys") },
        { QStringLiteral("keys.seal"), QT_TRANSLATE_NOOP("art32::audit", "Sealed a key to an admin") },
        { QStringLiteral("keys.seal_platform"), QT_TRANSLATE_NOOP("art32::audit", "Sealed a key to the platform") },
        { QStringLiteral("keys.rotation_start"), QT_TRANSLATE_NOOP("art32::audit", "Started a key rotation") },
        { QStringLiteral("keys.rotation_batch"), QT_TRANSLATE_NOOP("art32::audit", "Rotated a batch of keys") },
        { QStringLiteral("keys.rotation_finish"), QT_TRANSLATE_NOOP("art32::audit", "Finished a key rotation") },
        { QStringLiteral("platform.keys"), QT_TRANSLATE_NOOP("art32::audit", "Platform read its keys") },
        { QStringLiteral("platform.register"), QT_TRANSLATE_NOOP("art32::audit", "Registered a platform key") },
        { QStringLiteral("platform.unregister"), QT_TRANSLATE_NOOP("art32::audit", "Removed a platform key") },
        { QStringLiteral("policy.set"), QT_TRANSLATE_NOOP("art32::audit", "Changed a policy") },
        { QStringLiteral("demo.keys_reset"), QT_TRANSLATE_NOOP("art32::audit", "Demo keys reset") },
        { QStringLiteral("row.insert"), QT_TRANSLATE_NOOP("art32::audit", "Row added") },
        { QStringLiteral("row.update"), QT_TRANSLATE_NOOP("art32::audit", "Row changed") },
        { QStringLiteral("row.delete"), QT_TRANSLATE_NOOP("art32::audit", "Row deleted") },
        { QStringLiteral("audit.verify"), QT_TRANSLATE_NOOP("art32::audit", "Verified the audit chain") },
        { QStringLiteral("audit.checkpoint"), QT_TRANSLATE_NOOP("art32::audit", "Signed an audit checkpoint") },
        { QStringLiteral("audit.key_published"), QT_TRANSLATE_NOOP("art32::audit", "Published a checkpoint key") },
        { QStringLiteral("audit.retention"), QT_TRANSLATE_NOOP("art32::audit", "Removed old audit events") },
        { QStringLiteral("audit.holder_ended"),
          QT_TRANSLATE_NOOP("art32::audit", "Ended a session that stalled the audit log") },
        // i12-perf: every action the migrations write has its words (tst_audit_words checks it).
        { QStringLiteral("audit.exported"), QT_TRANSLATE_NOOP("art32::audit", "Exported audit events") },
        { QStringLiteral("records.seeded"), QT_TRANSLATE_NOOP("art32::audit", "Seeded demo accounts in bulk") },
        { QStringLiteral("records.refused"), QT_TRANSLATE_NOOP("art32::audit", "Refused a read of personal data") },
        { QStringLiteral("records.scan_result"), QT_TRANSLATE_NOOP("art32::audit", "Finished an integrity scan") },
        { QStringLiteral("row.truncate"), QT_TRANSLATE_NOOP("art32::audit", "Table emptied") },
        { QStringLiteral("access.request"), QT_TRANSLATE_NOOP("art32::audit", "Asked for access") },
        { QStringLiteral("access.withdraw"), QT_TRANSLATE_NOOP("art32::audit", "Withdrew an access request") },
        { QStringLiteral("access.approve"), QT_TRANSLATE_NOOP("art32::audit", "Approved an access request") },
        { QStringLiteral("access.refuse"), QT_TRANSLATE_NOOP("art32::audit", "Refused an access request") },
        { QStringLiteral("access.expired"), QT_TRANSLATE_NOOP("art32::audit", "Access expired") },
        { QStringLiteral("admin.role"), QT_TRANSLATE_NOOP("art32::audit", "Changed an admin's role") },
        { QStringLiteral("keys.revoke"), QT_TRANSLATE_NOOP("art32::audit", "Revoked an admin's keys") },
        { QStringLiteral("backup.begin"), QT_TRANSLATE_NOOP("art32::audit", "Started a backup") },
        { QStringLiteral("backup.finish"), QT_TRANSLATE_NOOP("art32::audit", "Finished a backup") },
        { QStringLiteral("backup.import"), QT_TRANSLATE_NOOP("art32::audit", "Imported backups into the catalogue") },
        { QStringLiteral("backup.check_begin"), QT_TRANSLATE_NOOP("art32::audit", "Started a backup check") },
        { QStringLiteral("backup.check"), QT_TRANSLATE_NOOP("art32::audit", "Checked a backup") },
        { QStringLiteral("backup.prune"), QT_TRANSLATE_NOOP("art32::audit", "Removed expired backups") },
        { QStringLiteral("backup.requested"), QT_TRANSLATE_NOOP("art32::audit", "Asked to run a backup job") },
        { QStringLiteral("backup.cancel"), QT_TRANSLATE_NOOP("art32::audit", "Cancelled a backup") },
        { QStringLiteral("backup.check_cancel"), QT_TRANSLATE_NOOP("art32::audit", "Cancelled a backup check") },
        { QStringLiteral("backup.expired"), QT_TRANSLATE_NOOP("art32::audit", "Marked backups expired by pgBackRest") },
        { QStringLiteral("incident.open"), QT_TRANSLATE_NOOP("art32::audit", "Opened an incident") },
        { QStringLiteral("incident.update"), QT_TRANSLATE_NOOP("art32::audit", "Updated an incident") },
        { QStringLiteral("incident.state"), QT_TRANSLATE_NOOP("art32::audit", "Moved an incident to another state") },
        { QStringLiteral("incident.note"), QT_TRANSLATE_NOOP("art32::audit", "Added a note to an incident") },
        { QStringLiteral("incident.decide"), QT_TRANSLATE_NOOP("art32::audit", "Recorded an incident decision") },
        { QStringLiteral("incident.report"), QT_TRANSLATE_NOOP("art32::audit", "Reported an incident") },
        { QStringLiteral("incident.link"), QT_TRANSLATE_NOOP("art32::audit", "Linked accounts to an incident") },
        { QStringLiteral("incident.unlink"),
          QT_TRANSLATE_NOOP("art32::audit", "Unlinked an account from an incident") },
    };
    const auto it = words.constFind(action);
    return it == words.constEnd() ? action : tr(it.value());
}

} // namespace art32::audit
