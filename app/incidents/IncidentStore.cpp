#include "incidents/IncidentStore.h"

#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <algorithm>
#include <pqxx/result>
#include <pqxx/transaction>

namespace art32::incidents {

namespace {

/** Runs f (which returns a Result), mapping the incident functions' own refusals before the generic ones. */
template<typename F> auto guarded(F&& f) -> decltype(f())
{
    try {
        return f();
    } catch (const pqxx::sql_error& e) {
        const std::string state = Database::sqlstate(e);
        if (state == "A3215") {
            // The DETAIL lists the missing keys; the message says them in words.
            const std::string what = e.what();
            const auto at = what.find("missing: ");
            QStringList keys;
            if (at != std::string::npos) {
                const QString rest = QString::fromStdString(what.substr(at + 9)).section(QLatin1Char('\n'), 0, 0);
                for (const QString& k : rest.split(QStringLiteral(", "), Qt::SkipEmptyParts))
                    keys << k.trimmed();
            }
            return Error { QStringLiteral("incident.incomplete"), missingMessage(keys, uiLang()) };
        }
        if (state == "55000")
            return Error { QStringLiteral("incident.state"),
                           QCoreApplication::translate("art32::incidents", "The incident does not allow this now: %1")
                               .arg(QString::fromStdString(e.what()).section(QLatin1Char('\n'), 0, 0)) };
        return Database::describe(e);
    } catch (const std::exception& e) {
        return Database::describe(e);
    }
}

QJsonObject jsonOf(const pqxx::field& f)
{
    if (f.is_null())
        return {};
    return QJsonDocument::fromJson(QByteArray::fromStdString(f.as<std::string>())).object();
}

QDateTime timeOf(const QJsonValue& v)
{
    return v.isString() ? parseIso(v.toString()) : QDateTime();
}

Decision decisionOf(const QJsonObject& o)
{
    Decision d;
    d.id = static_cast<qint64>(o.value(QStringLiteral("id")).toDouble());
    d.kind = o.value(QStringLiteral("kind")).toString();
    d.decision = o.value(QStringLiteral("decision")).toBool();
    d.rationale = o.value(QStringLiteral("rationale")).toString();
    d.art34Ground = o.value(QStringLiteral("art34_ground")).toString();
    d.publicCommunication = o.value(QStringLiteral("public_communication")).toString();
    d.decidedBy = o.value(QStringLiteral("decided_by")).toString();
    d.decidedAt = timeOf(o.value(QStringLiteral("decided_at")));
    return d;
}

/** An incident from to_jsonb(row): the register's own columns, and the form's fields by key. */
Incident incidentOf(const QJsonObject& row)
{
    Incident i;
    i.id = static_cast<qint64>(row.value(QStringLiteral("id")).toDouble());
    i.version = row.value(QStringLiteral("version")).toInt();
    i.state = stateFromKey(row.value(QStringLiteral("state")).toString()).value_or(State::Detected);
    i.title = row.value(QStringLiteral("title")).toString();
    i.assignee = row.value(QStringLiteral("assignee")).toString();
    i.reportNumber = row.value(QStringLiteral("report_number")).toString();
    i.createdBy = row.value(QStringLiteral("created_by")).toString();
    i.createdAt = timeOf(row.value(QStringLiteral("created_at")));
    i.updatedAt = timeOf(row.value(QStringLiteral("updated_at")));
    i.closedAt = timeOf(row.value(QStringLiteral("closed_at")));
    for (const FieldSpec& f : fieldSpecs()) {
        const QString key = QLatin1String(f.key);
        const QJsonValue v = row.value(key);
        if (v.isNull() || v.isUndefined())
            continue;
        if (f.kind == FieldSpec::Kind::Time)
            i.fields.insert(key, isoUtc(timeOf(v))); // one form for every time: UTC with a Z
        else
            i.fields.insert(key, v);
    }
    return i;
}

std::string idArray(const QList<qint64>& ids)
{
    std::string s = "{";
    for (qsizetype k = 0; k < ids.size(); ++k) {
        if (k)
            s += ',';
        s += std::to_string(ids[k]);
    }
    return s + '}';
}

} // namespace

Lang uiLang()
{
    return QLocale().language() == QLocale::Dutch ? Lang::Nl : Lang::En;
}

QString missingMessage(const QStringList& keys, Lang lang)
{
    QStringList labels;
    for (const QString& k : keys)
        labels << fieldLabel(k, lang);
    return QCoreApplication::translate("art32::incidents", "The incident cannot be closed yet. Missing: %1.")
        .arg(labels.join(QStringLiteral("; ")));
}

Result<qint64> open(pqxx::connection_base& conn, const QString& title, const QDateTime& detectedAt,
                    const QDateTime& awareAt)
{
    return guarded([&]() -> Result<qint64> {
        pqxx::work tx(conn);
        const std::optional<std::string> aware
            = awareAt.isValid() ? std::optional<std::string>(isoUtc(awareAt).toStdString()) : std::nullopt;
        const long long id
            = tx.exec_params("SELECT art32.incident_open($1, $2::timestamptz, $3::timestamptz)",
                             title.trimmed().toStdString(), isoUtc(detectedAt).toStdString(), aware)[0][0]
                  .as<long long>();
        tx.commit();
        return static_cast<qint64>(id);
    });
}

Result<QList<Incident>> list(pqxx::connection_base& conn, int limit)
{
    return guarded([&]() -> Result<QList<Incident>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r = tx.exec_params(
            "SELECT to_jsonb(i), (SELECT to_jsonb(d) FROM art32.incident_decisions d WHERE d.incident_id = i.id "
            "AND d.kind = 'notify_authority' ORDER BY d.id DESC LIMIT 1), "
            "(SELECT to_jsonb(rp) FROM art32.incident_reports rp WHERE rp.incident_id = i.id AND rp.seq = 1) "
            "FROM art32.incidents i ORDER BY i.id DESC LIMIT $1",
            limit);
        QList<Incident> out;
        for (const auto& row : r) {
            Incident i = incidentOf(jsonOf(row[0]));
            if (!row[1].is_null())
                i.decisions << decisionOf(jsonOf(row[1]));
            if (!row[2].is_null()) {
                const QJsonObject o = jsonOf(row[2]);
                Report rep;
                rep.seq = 1;
                rep.kind = QStringLiteral("initial");
                rep.reportNumber = o.value(QStringLiteral("report_number")).toString();
                rep.sentAt = timeOf(o.value(QStringLiteral("sent_at")));
                i.reports << rep;
            }
            out << i;
        }
        return out;
    });
}

Result<Incident> load(pqxx::connection_base& conn, qint64 id)
{
    return guarded([&]() -> Result<Incident> {
        pqxx::read_transaction tx(conn);
        const long long key = id;
        const pqxx::result r = tx.exec_params("SELECT to_jsonb(i) FROM art32.incidents i WHERE i.id = $1", key);
        if (r.empty())
            return Error { QStringLiteral("incident.not_found"),
                           QCoreApplication::translate("art32::incidents", "There is no incident %1.").arg(id) };
        Incident i = incidentOf(jsonOf(r[0][0]));
        for (const auto& row : tx.exec_params(
                 "SELECT account_id FROM art32.incident_accounts WHERE incident_id = $1 ORDER BY account_id", key))
            i.accounts << row[0].as<long long>();
        for (const auto& row : tx.exec_params(
                 "SELECT to_jsonb(d) FROM art32.incident_decisions d WHERE incident_id = $1 ORDER BY id", key))
            i.decisions << decisionOf(jsonOf(row[0]));
        for (const auto& row : tx.exec_params("SELECT id, extract(epoch FROM at)::float8, actor, kind, what "
                                              "FROM art32.incident_timeline WHERE incident_id = $1 ORDER BY id",
                                              key)) {
            TimelineEntry e;
            e.id = row[0].as<long long>();
            e.at = pgwire::epochTime(row[1]);
            e.actor = QString::fromStdString(row[2].as<std::string>());
            e.kind = QString::fromStdString(row[3].as<std::string>());
            e.what = QString::fromStdString(row[4].as<std::string>());
            i.timeline << e;
        }
        for (const auto& row :
             tx.exec_params("SELECT id, seq, kind, report_number, extract(epoch FROM sent_at)::float8, "
                            "extract(epoch FROM recorded_at)::float8, recorded_by, snapshot::text "
                            "FROM art32.incident_reports WHERE incident_id = $1 ORDER BY seq",
                            key)) {
            Report rep;
            rep.id = row[0].as<long long>();
            rep.seq = row[1].as<int>();
            rep.kind = QString::fromStdString(row[2].as<std::string>());
            rep.reportNumber = QString::fromStdString(row[3].as<std::string>());
            rep.sentAt = pgwire::epochTime(row[4]);
            rep.recordedAt = pgwire::epochTime(row[5]);
            rep.recordedBy = QString::fromStdString(row[6].as<std::string>());
            rep.snapshot = QJsonDocument::fromJson(QByteArray::fromStdString(row[7].as<std::string>())).object();
            i.reports << rep;
        }
        return i;
    });
}

Result<int> update(pqxx::connection_base& conn, qint64 id, int version, const QJsonObject& changed)
{
    return guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        const std::string json = QJsonDocument(changed).toJson(QJsonDocument::Compact).toStdString();
        const int v = tx.exec_params("SELECT art32.incident_update($1, $2, $3)", static_cast<long long>(id), version,
                                     json)[0][0]
                          .as<int>();
        tx.commit();
        return v;
    });
}

Result<int> setState(pqxx::connection_base& conn, qint64 id, int version, State to)
{
    return guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        const int v = tx.exec_params("SELECT art32.incident_set_state($1, $2, $3)", static_cast<long long>(id), version,
                                     stateKey(to).toStdString())[0][0]
                          .as<int>();
        tx.commit();
        return v;
    });
}

Result<QStringList> missing(pqxx::connection_base& conn, qint64 id)
{
    return guarded([&]() -> Result<QStringList> {
        pqxx::work tx(conn);
        const pqxx::result r = tx.exec_params("SELECT unnest(art32.incident_missing($1))", static_cast<long long>(id));
        tx.commit();
        QStringList keys;
        for (const auto& row : r)
            keys << QString::fromStdString(row[0].as<std::string>());
        return keys;
    });
}

Result<qint64> note(pqxx::connection_base& conn, qint64 id, const QString& text)
{
    return guarded([&]() -> Result<qint64> {
        pqxx::work tx(conn);
        const long long entry
            = tx.exec_params("SELECT art32.incident_note($1, $2)", static_cast<long long>(id), text.toStdString())[0][0]
                  .as<long long>();
        tx.commit();
        return static_cast<qint64>(entry);
    });
}

Result<qint64> decide(pqxx::connection_base& conn, qint64 id, const QString& kind, bool decision,
                      const QString& rationale, const QString& ground, const QString& publicCommunication)
{
    return guarded([&]() -> Result<qint64> {
        pqxx::work tx(conn);
        const auto opt = [](const QString& s) {
            return s.trimmed().isEmpty() ? std::optional<std::string>() : std::optional<std::string>(s.toStdString());
        };
        const long long d = tx.exec_params("SELECT art32.incident_decide($1, $2, $3, $4, $5, $6)",
                                           static_cast<long long>(id), kind.toStdString(), decision,
                                           rationale.toStdString(), opt(ground), opt(publicCommunication))[0][0]
                                .as<long long>();
        tx.commit();
        return static_cast<qint64>(d);
    });
}

Result<int> report(pqxx::connection_base& conn, qint64 id, const QString& reportNumber, const QDateTime& sentAt)
{
    return guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        const int seq
            = tx.exec_params("SELECT art32.incident_report($1, $2, $3::timestamptz)", static_cast<long long>(id),
                             reportNumber.toStdString(), isoUtc(sentAt).toStdString())[0][0]
                  .as<int>();
        tx.commit();
        return seq;
    });
}

Result<int> linkAccounts(pqxx::connection_base& conn, qint64 id, const QList<qint64>& accounts)
{
    return guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        const int n = tx.exec_params("SELECT art32.incident_link_accounts($1, $2::bigint[])",
                                     static_cast<long long>(id), idArray(accounts))[0][0]
                          .as<int>();
        tx.commit();
        return n;
    });
}

Result<bool> unlinkAccount(pqxx::connection_base& conn, qint64 id, qint64 account)
{
    return guarded([&]() -> Result<bool> {
        pqxx::work tx(conn);
        const bool done = tx.exec_params("SELECT art32.incident_unlink_account($1, $2)", static_cast<long long>(id),
                                         static_cast<long long>(account))[0][0]
                              .as<bool>();
        tx.commit();
        return done;
    });
}

Result<AccountCounts> accountCounts(pqxx::connection_base& conn, qint64 id)
{
    return guarded([&]() -> Result<AccountCounts> {
        pqxx::work tx(conn);
        const pqxx::result r = tx.exec_params("SELECT accounts, people, records FROM art32.incident_account_counts($1)",
                                              static_cast<long long>(id));
        tx.commit();
        AccountCounts c;
        c.accounts = r[0][0].as<long long>();
        c.people = r[0][1].as<long long>();
        c.records = r[0][2].as<long long>();
        return c;
    });
}

Result<Incident> asReported(const Incident& incident, int seq)
{
    const auto sent = std::find_if(incident.reports.cbegin(), incident.reports.cend(),
                                   [seq](const Report& r) { return r.seq == seq; });
    if (sent == incident.reports.cend())
        return Error {
            QStringLiteral("incident.no_report"),
            QCoreApplication::translate("art32::incidents", "Incident %1 has no report %2.").arg(incident.id).arg(seq)
        };
    // The snapshot is to_jsonb of the row as it stood (art32.incident_report), plus accounts and decisions.
    Incident frozen = incidentOf(sent->snapshot);
    frozen.id = incident.id;
    frozen.version = 0;
    for (const auto& a : sent->snapshot.value(QStringLiteral("accounts")).toArray())
        frozen.accounts << static_cast<qint64>(a.toDouble());
    for (const auto& d : sent->snapshot.value(QStringLiteral("decisions")).toArray())
        frozen.decisions << decisionOf(d.toObject());
    for (const Report& r : incident.reports)
        if (r.seq <= seq)
            frozen.reports << r;
    return frozen;
}

} // namespace art32::incidents
