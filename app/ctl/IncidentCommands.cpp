// incident: the register of personal data breaches (GDPR Art. 33/34) for people and alerting pipelines: open
// (starts the 72-hour clock), list, show, note, close (refused while fields are missing) and export (PDF or JSON).
#include "Support.h"
#include "incidents/Export.h"
#include "incidents/IncidentStore.h"
#include "incidents/Rules.h"
#include "report/PdfReport.h"

#include <QFile>
#include <QJsonArray>
#include <optional>

namespace art32::ctl {
namespace {

using namespace art32::incidents;

Result<QDateTime> isoOption(const Args& args, const QString& name)
{
    const QString text = args.value(name);
    const QDateTime t = parseIso(text);
    if (!t.isValid())
        return Error { QStringLiteral("args.invalid"),
                       QStringLiteral("--%1 takes an ISO 8601 time such as 2026-12-02T09:30:00+01:00, not \"%2\"; "
                                      "nothing was sent.")
                           .arg(name, text) };
    return t;
}

QString severityOf(const Incident& i)
{
    const QString s = i.text(QStringLiteral("q9_severity"));
    return s.isEmpty() ? QStringLiteral("-") : s;
}

int openIncident(const Context& ctx, const Args& args)
{
    const QString title = args.value(QStringLiteral("title")).trimmed();
    if (title.isEmpty() || title.size() > 200)
        return fail(
            { QStringLiteral("args.invalid"), QStringLiteral("--title takes 1 to 200 characters; nothing was sent.") });
    auto detected = isoOption(args, QStringLiteral("detected-at"));
    if (!detected)
        return fail(detected.error());
    QDateTime aware;
    if (args.isSet(QStringLiteral("aware-at"))) {
        auto a = isoOption(args, QStringLiteral("aware-at"));
        if (!a)
            return fail(a.error());
        aware = a.value();
    }
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto id = o->db->call([&](pqxx::connection_base& c) { return incidents::open(c, title, detected.value(), aware); });
    if (!id)
        return fail(id.error());
    // The id alone on stdout, for pipelines; the clock on stderr.
    out() << id.value() << Qt::endl;
    if (aware.isValid())
        err() << "Deadline for notifying the authority: " << reportTime(deadlineOf(aware)) << Qt::endl;
    return Ok;
}

int listIncidents(const Context& ctx, const Args&)
{
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto listed = o->db->call([&](pqxx::connection_base& c) { return incidents::list(c); });
    if (!listed)
        return fail(listed.error());
    for (const Incident& i : listed.value()) {
        out() << i.id << '\t' << stateKey(i.state) << '\t' << severityOf(i) << '\t'
              << (i.state == State::Closed ? QStringLiteral("closed")
                                           : describeDeadline(deadlineState(i, Clock::system())))
              << '\t' << (i.assignee.isEmpty() ? QStringLiteral("-") : i.assignee) << '\t' << i.title << '\n';
    }
    out() << listed->size() << " incident(s)." << Qt::endl;
    return Ok;
}

Result<Incident> loaded(Opened& o, qint64 id)
{
    return o.db->call([&](pqxx::connection_base& c) { return incidents::load(c, id); });
}

int show(const Context& ctx, const Args& args)
{
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto i = loaded(o.value(), args.number(QStringLiteral("id")));
    if (!i)
        return fail(i.error());
    const Incident& inc = i.value();
    out() << "Incident " << inc.id << ": " << inc.title << '\n'
          << "State: " << stateKey(inc.state) << " (version " << inc.version << ")\n"
          << "Assignee: " << (inc.assignee.isEmpty() ? QStringLiteral("-") : inc.assignee) << '\n'
          << "Report number: " << (inc.reportNumber.isEmpty() ? QStringLiteral("-") : inc.reportNumber) << '\n'
          << "Deadline: " << reportTime(deadlineOf(inc.awareAt())) << " ("
          << describeDeadline(deadlineState(inc, Clock::system())) << ")\n";
    int chapter = -1;
    for (const FieldSpec& f : fieldSpecs()) {
        if (f.chapter == 0)
            continue;
        if (f.chapter != chapter) {
            chapter = f.chapter;
            out() << '\n' << chapterTitle(chapter, Lang::En) << '\n';
        }
        const QJsonValue v = inc.fields.value(QLatin1String(f.key));
        if (v.isUndefined() || v.isNull())
            continue;
        QString text;
        if (v.isArray()) {
            QStringList parts;
            for (const auto& e : v.toArray())
                parts << e.toString();
            text = parts.join(QStringLiteral(", "));
        } else if (v.isBool()) {
            text = v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
        } else if (v.isDouble()) {
            text = QString::number(v.toDouble(), 'g', 15);
        } else {
            text = v.toString();
        }
        out() << "  " << f.key << ": " << text << '\n';
    }
    out() << "\nDecisions\n";
    for (const Decision& d : inc.decisions)
        out() << "  " << d.kind << ": " << (d.decision ? "yes" : "no")
              << (d.art34Ground.isEmpty() ? QString() : QStringLiteral(" (Art. 34(3)(%1))").arg(d.art34Ground))
              << " by " << d.decidedBy << " at " << reportTime(d.decidedAt) << ": " << d.rationale << '\n';
    QStringList ids;
    for (qint64 a : inc.accounts)
        ids << QString::number(a);
    out() << "\nAffected accounts: " << (ids.isEmpty() ? QStringLiteral("-") : ids.join(QStringLiteral(", "))) << '\n';
    out() << "\nReports\n";
    for (const Report& r : inc.reports)
        out() << "  " << r.seq << ' ' << r.kind << ' ' << r.reportNumber << " sent " << reportTime(r.sentAt) << '\n';
    out() << "\nTimeline\n";
    for (const TimelineEntry& e : inc.timeline)
        out() << "  " << reportTime(e.at) << '\t' << e.actor << '\t' << e.what << '\n';
    const QStringList missing = missingForClose(inc, Clock::system());
    if (!missing.isEmpty() && inc.state != State::Closed)
        out() << "\nBefore closing: " << missing.join(QStringLiteral(", ")) << '\n';
    out().flush();
    return Ok;
}

int note(const Context& ctx, const Args& args)
{
    const QString text = args.value(QStringLiteral("text")).trimmed();
    if (text.isEmpty())
        return fail({ QStringLiteral("args.invalid"), QStringLiteral("--text is empty; nothing was sent.") });
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto entry = o->db->call(
        [&](pqxx::connection_base& c) { return incidents::note(c, args.number(QStringLiteral("id")), text); });
    if (!entry)
        return fail(entry.error());
    out() << "Note " << entry.value() << " added to incident " << args.value(QStringLiteral("id")) << '.' << Qt::endl;
    return Ok;
}

int close(const Context& ctx, const Args& args)
{
    const qint64 id = args.number(QStringLiteral("id"));
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto i = loaded(o.value(), id);
    if (!i)
        return fail(i.error());
    // The server's list (its clock decides what is late); the close itself checks again under the row lock.
    auto missing = o->db->call([&](pqxx::connection_base& c) { return incidents::missing(c, id); });
    if (!missing)
        return fail(missing.error());
    if (!missing->isEmpty()) {
        err() << "Incident " << id << " cannot be closed yet. Missing:\n";
        for (const QString& k : missing.value())
            err() << "  " << k << "\t" << fieldLabel(k, Lang::En) << '\n';
        err().flush();
        return Refused;
    }
    auto closed
        = o->db->call([&](pqxx::connection_base& c) { return incidents::setState(c, id, i->version, State::Closed); });
    if (!closed)
        return fail(closed.error());
    if (closed.value() == 0)
        return fail({ QStringLiteral("incident.conflict"),
                      QStringLiteral("Incident %1 was changed by someone else just now; nothing was closed. Run "
                                     "incident show and try again.")
                          .arg(id) });
    out() << "Incident " << id << " closed." << Qt::endl;
    return Ok;
}

int decide(const Context& ctx, const Args& args)
{
    // Checked before connecting, as the server would refuse them anyway: the message says what to change.
    const bool notify = args.value(QStringLiteral("kind")) == QLatin1String("notify");
    const bool yes = args.value(QStringLiteral("decision")) == QLatin1String("yes");
    const QString rationale = args.value(QStringLiteral("rationale")).trimmed();
    const QString ground = args.value(QStringLiteral("ground"));
    const QString publicText = args.value(QStringLiteral("public-text")).trimmed();
    if (rationale.size() < 5)
        return fail({ QStringLiteral("args.invalid"),
                      QStringLiteral("--rationale needs at least 5 characters: why was this decided? Nothing was "
                                     "sent.") });
    if (!ground.isEmpty() && (notify || yes))
        return fail({ QStringLiteral("args.invalid"),
                      QStringLiteral("--ground names the Art. 34(3) exemption, so only with --kind inform --decision "
                                     "no. Nothing was sent.") });
    if (ground == QLatin1String("c") && publicText.size() < 5)
        return fail({ QStringLiteral("args.invalid"),
                      QStringLiteral("Art. 34(3)(c) replaces informing each person by a public communication: give "
                                     "its text with --public-text. Nothing was sent.") });
    if (!publicText.isEmpty() && ground != QLatin1String("c"))
        return fail({ QStringLiteral("args.invalid"),
                      QStringLiteral("--public-text goes with --ground c only. Nothing was sent.") });
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    const qint64 id = args.number(QStringLiteral("id"));
    const QString kind = notify ? QStringLiteral("notify_authority") : QStringLiteral("inform_subjects");
    auto d = o->db->call(
        [&](pqxx::connection_base& c) { return incidents::decide(c, id, kind, yes, rationale, ground, publicText); });
    if (!d)
        return fail(d.error());
    out() << "Decision " << d.value() << " recorded for incident " << id << ": " << kind << ' ' << (yes ? "yes" : "no")
          << (ground.isEmpty() ? QString() : QStringLiteral(" (Art. 34(3)(%1))").arg(ground)) << '.' << Qt::endl;
    return Ok;
}

int reportSent(const Context& ctx, const Args& args)
{
    const QString number = args.value(QStringLiteral("number")).trimmed();
    if (number.isEmpty() || number.size() > 100)
        return fail({ QStringLiteral("args.invalid"),
                      QStringLiteral("--number takes the authority's report number (1 to 100 characters); nothing "
                                     "was sent.") });
    auto sent = isoOption(args, QStringLiteral("sent-at"));
    if (!sent)
        return fail(sent.error());
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    const qint64 id = args.number(QStringLiteral("id"));
    auto seq = o->db->call([&](pqxx::connection_base& c) { return incidents::report(c, id, number, sent.value()); });
    if (!seq)
        return fail(seq.error());
    out() << (seq.value() == 1 ? QStringLiteral("Initial notification")
                               : QStringLiteral("Supplement %1").arg(seq.value() - 1))
          << " of incident " << id << " frozen as report " << seq.value() << " under " << number << '.' << Qt::endl;
    return Ok;
}

int exportIncident(const Context& ctx, const Args& args)
{
    const QString format = args.value(QStringLiteral("format"));
    const Lang lang = args.value(QStringLiteral("lang")) == QLatin1String("nl") ? Lang::Nl : Lang::En;
    const QString path = args.value(QStringLiteral("output"));
    if (format == QLatin1String("pdf") && path.isEmpty())
        return fail({ QStringLiteral("args.invalid"), QStringLiteral("A PDF needs --output FILE.") });
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto i = loaded(o.value(), args.number(QStringLiteral("id")));
    if (!i)
        return fail(i.error());
    // --report N: the frozen report N as it was sent, not the incident as it stands now.
    const int seq = args.isSet(QStringLiteral("report")) ? static_cast<int>(args.number(QStringLiteral("report"))) : 0;
    std::optional<Report> sentReport;
    if (seq) {
        auto frozen = asReported(i.value(), seq);
        if (!frozen)
            return fail(frozen.error());
        for (const Report& r : i->reports)
            if (r.seq == seq)
                sentReport = r;
        i = frozen.value();
    }
    if (format == QLatin1String("pdf")) {
        auto written = report::writePdf(sentReport ? frozenReportHtml(i.value(), *sentReport, lang, Clock::system())
                                                   : reportHtml(i.value(), lang, Clock::system()),
                                        QStringLiteral("Incident %1").arg(i->id), path);
        if (!written)
            return fail(written.error());
        err() << "Wrote " << path << '.' << Qt::endl;
        return Ok;
    }
    const QByteArray json = sentReport ? frozenReportJson(i.value(), *sentReport, lang, Clock::system())
                                       : exportJson(i.value(), lang, Clock::system());
    if (path.isEmpty()) {
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            return fail({ QStringLiteral("export.write"), QStringLiteral("Could not write to stdout.") });
        stdoutFile.write(json);
        return Ok;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || file.write(json) != json.size())
        return fail({ QStringLiteral("export.write"), QStringLiteral("Could not write %1.").arg(path) });
    err() << "Wrote " << path << '.' << Qt::endl;
    return Ok;
}

} // namespace

/** `incident export --format pdf` renders with QtGui: main() makes a QGuiApplication (offscreen) for it alone. */
bool incidentCommandNeedsGui(const QStringList& words)
{
    const qsizetype at = words.indexOf(QStringLiteral("incident"));
    return at >= 0 && words.value(at + 1) == QLatin1String("export") && words.contains(QStringLiteral("pdf"));
}

QList<Command> incidentCommands()
{
    const qint64 maxId = std::numeric_limits<qint64>::max();
    const auto command = [](const char* name, const QString& summary, Command::Run run) {
        return Command(QStringLiteral("incident"), QLatin1String(name), Needs::Unlock, summary, std::move(run));
    };
    const Option id
        = Option::number(QStringLiteral("id"), QStringLiteral("N"), QStringLiteral("The incident's id."), 1, maxId)
              .require();
    return {
        command("open", QStringLiteral("Opens an incident (e.g. from a monitoring alert) and prints its id."),
                openIncident)
            .withDetails(QStringLiteral("--aware-at starts the 72-hour clock of Art. 33(1); the deadline goes to "
                                        "stderr. Times are ISO 8601, with a zone or in local time."))
            .withOptions({
                Option::text(QStringLiteral("title"), QStringLiteral("T"), QStringLiteral("A short title.")).require(),
                Option::text(QStringLiteral("detected-at"), QStringLiteral("ISO"),
                             QStringLiteral("When the breach was discovered."))
                    .require(),
                Option::text(QStringLiteral("aware-at"), QStringLiteral("ISO"),
                             QStringLiteral("When you became aware it is a personal data breach.")),
            }),
        command("list", QStringLiteral("Prints the register with each deadline's state (\"due in 17 h\")."),
                listIncidents)
            .withDetails(QStringLiteral("Columns: id, state, severity, deadline, assignee, title.")),
        command("show", QStringLiteral("Prints one incident: its answers by chapter, decisions, timeline."), show)
            .withOptions({ id }),
        command("note", QStringLiteral("Adds a note to an incident's timeline."), note)
            .withOptions({ id,
                           Option::text(QStringLiteral("text"), QStringLiteral("TEXT"), QStringLiteral("The note."))
                               .require() }),
        command("close", QStringLiteral("Closes an incident, refused while required fields are missing."), close)
            .withDetails(QStringLiteral("Lists what is missing on stderr and exits with 5 (refused)."))
            .withOptions({ id }),
        command("export", QStringLiteral("Writes the report, the AP's questions answered in order, as PDF or JSON."),
                exportIncident)
            .withDetails(QStringLiteral("JSON goes to stdout unless --output is given; a PDF needs --output. The "
                                        "file is written readable by you alone."))
            .withOptions({
                id,
                Option::choice(QStringLiteral("format"), { QStringLiteral("pdf"), QStringLiteral("json") },
                               QStringLiteral("pdf or json."))
                    .require(),
                Option::choice(QStringLiteral("lang"), { QStringLiteral("nl"), QStringLiteral("en") },
                               QStringLiteral("The report's language."))
                    .withDefault(QStringLiteral("en")),
                Option::text(QStringLiteral("output"), QStringLiteral("FILE"), QStringLiteral("Where to write.")),
                Option::number(QStringLiteral("report"), QStringLiteral("N"),
                               QStringLiteral("Export the frozen report N (1 = the initial notification) as it was "
                                              "sent, instead of the incident as it stands."),
                               1, 1000000),
            }),
        // Decisions and phased reports (i14-decisions): the same rules as the GUI, enforced by the server.
        command("decide", QStringLiteral("Records a decision: notify the authority (a CTO only) or inform the people."),
                decide)
            .withDetails(QStringLiteral("A decision is never edited: a new one supersedes it, and all stay in the "
                                        "history. Not informing the people may name the Art. 34(3) ground: a "
                                        "(unintelligible: encrypted, key not compromised), b (high risk no longer "
                                        "likely) or c (disproportionate effort; then --public-text is required). "
                                        "Refused (exit 5) for a sysadmin's notify decision or a closed incident."))
            .withOptions({
                id,
                Option::choice(QStringLiteral("kind"), { QStringLiteral("notify"), QStringLiteral("inform") },
                               QStringLiteral("notify the authority (Art. 33) or inform the people (Art. 34)."))
                    .require(),
                Option::choice(QStringLiteral("decision"), { QStringLiteral("yes"), QStringLiteral("no") },
                               QStringLiteral("yes or no."))
                    .require(),
                Option::text(QStringLiteral("rationale"), QStringLiteral("TEXT"), QStringLiteral("Why.")).require(),
                Option::choice(QStringLiteral("ground"),
                               { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") },
                               QStringLiteral("The Art. 34(3) ground for not informing the people.")),
                Option::text(
                    QStringLiteral("public-text"), QStringLiteral("TEXT"),
                    QStringLiteral("The public communication that replaces informing each person (ground c).")),
            }),
        command("report", QStringLiteral("Records a report sent to the authority and freezes what it said."),
                reportSent)
            .withDetails(QStringLiteral("The first report is the initial notification, later ones supplements (Art. "
                                        "33(4)), all under the authority's report number (meldingsnummer). Needs the "
                                        "CTO's decision to notify; sent after 72 hours it needs the reason for the "
                                        "delay. incident export --report N writes a frozen report."))
            .withOptions({
                id,
                Option::text(QStringLiteral("number"), QStringLiteral("NUMBER"),
                             QStringLiteral("The authority's report number."))
                    .require(),
                Option::text(QStringLiteral("sent-at"), QStringLiteral("ISO"), QStringLiteral("When it was sent."))
                    .require(),
            }),
    };
}

} // namespace art32::ctl
