#include "incidents/Export.h"

#include "incidents/Rules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace art32::incidents {

namespace {

QString L(Lang lang, const char* en, const char* nl)
{
    return QString::fromUtf8(lang == Lang::Nl ? nl : en);
}

QString yesNo(bool v, Lang lang)
{
    return v ? L(lang, "yes", "ja") : L(lang, "no", "nee");
}

QString decimal(double v, Lang lang)
{
    return (lang == Lang::Nl ? QLocale(QLocale::Dutch) : QLocale::c()).toString(v, 'g', 4);
}

/** A field's answer in words, or empty when it has none. */
QString answer(const Incident& i, const FieldSpec& f, Lang lang)
{
    const QString key = QLatin1String(f.key);
    switch (f.kind) {
    case FieldSpec::Kind::Text:
    case FieldSpec::Kind::LongText:
        return i.text(key).trimmed();
    case FieldSpec::Kind::Time:
        return reportTime(i.time(key));
    case FieldSpec::Kind::Bool:
        return i.flag(key) ? yesNo(*i.flag(key), lang) : QString();
    case FieldSpec::Kind::Count:
        return i.count(key) ? QString::number(*i.count(key)) : QString();
    case FieldSpec::Kind::Decimal:
        return i.decimal(key) ? decimal(*i.decimal(key), lang) : QString();
    case FieldSpec::Kind::Choice:
        return i.text(key).isEmpty() ? QString() : choiceLabel(i.text(key), lang);
    case FieldSpec::Kind::Multi: {
        QStringList words;
        for (const QString& v : i.list(key))
            words << choiceLabel(v, lang);
        return words.join(QStringLiteral(", "));
    }
    }
    return {};
}

QString deadlineText(const Incident& i, Lang lang, const Clock& clock)
{
    const DeadlineState s = deadlineState(i, clock);
    const QString at = reportTime(s.deadline);
    switch (s.kind) {
    case DeadlineState::NotStarted:
        return L(lang, "not started (no time of awareness)", "niet gestart (geen tijdstip van kennisname)");
    case DeadlineState::Running:
        return L(lang, "%1, in %2", "%1, over %2").arg(at, hoursMinutes(s.seconds));
    case DeadlineState::Overdue:
        return L(lang, "%1, overdue by %2", "%1, %2 verstreken").arg(at, hoursMinutes(s.seconds));
    case DeadlineState::Met:
        return L(lang, "%1, notified in time", "%1, op tijd gemeld").arg(at);
    case DeadlineState::MetLate:
        return L(lang, "%1, notified late", "%1, te laat gemeld").arg(at);
    case DeadlineState::NotRequired:
        return L(lang, "%1, not notified (decision recorded)", "%1, niet gemeld (besluit vastgelegd)").arg(at);
    }
    return {};
}

QString decisionText(const Decision& d, Lang lang)
{
    QString s = yesNo(d.decision, lang) + QStringLiteral(" — ") + d.rationale;
    if (!d.art34Ground.isEmpty())
        s += L(lang, " (Art. 34(3)(%1) GDPR)", " (art. 34 lid 3 sub %1 AVG)").arg(d.art34Ground);
    if (!d.publicCommunication.isEmpty())
        s += L(lang, "; public communication: %1", "; openbare mededeling: %1").arg(d.publicCommunication);
    s += L(lang, "; decided by %1 at %2", "; besloten door %1 op %2").arg(d.decidedBy, reportTime(d.decidedAt));
    return s;
}

} // namespace

QString reportTime(const QDateTime& t)
{
    if (!t.isValid())
        return {};
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm t"));
}

QByteArray exportJson(const Incident& i, Lang lang, const Clock& clock)
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), QStringLiteral("art32-incident/1"));
    o.insert(QStringLiteral("language"), lang == Lang::Nl ? QStringLiteral("nl") : QStringLiteral("en"));
    o.insert(QStringLiteral("id"), i.id);
    o.insert(QStringLiteral("version"), i.version);
    o.insert(QStringLiteral("state"), stateKey(i.state));
    o.insert(QStringLiteral("title"), i.title);
    o.insert(QStringLiteral("assignee"), i.assignee.isEmpty() ? QJsonValue() : QJsonValue(i.assignee));
    o.insert(QStringLiteral("report_number"), i.reportNumber.isEmpty() ? QJsonValue() : QJsonValue(i.reportNumber));
    o.insert(QStringLiteral("created_at"), isoUtc(i.createdAt));
    o.insert(QStringLiteral("created_by"), i.createdBy);
    const DeadlineState s = deadlineState(i, clock);
    o.insert(QStringLiteral("deadline"), s.deadline.isValid() ? QJsonValue(isoUtc(s.deadline)) : QJsonValue());
    o.insert(QStringLiteral("deadline_state"), describeDeadline(s));
    // The questions in order, numbered as on the form, with the question in the chosen language.
    QJsonArray answers;
    QHash<int, int> numberInChapter;
    for (const FieldSpec& f : fieldSpecs()) {
        if (f.chapter == 0)
            continue;
        const int n = ++numberInChapter[f.chapter];
        QJsonObject a;
        a.insert(QStringLiteral("number"), QStringLiteral("%1.%2").arg(f.chapter).arg(n));
        a.insert(QStringLiteral("key"), QLatin1String(f.key));
        a.insert(QStringLiteral("question"), fieldLabel(QLatin1String(f.key), lang));
        a.insert(QStringLiteral("value"), i.fields.value(QLatin1String(f.key)));
        answers.append(a);
    }
    o.insert(QStringLiteral("answers"), answers);
    if (const auto f = enisaOf(i)) {
        o.insert(QStringLiteral("enisa"),
                 QJsonObject { { QStringLiteral("dpc"), f->dpc() },
                               { QStringLiteral("ei"), f->ei },
                               { QStringLiteral("cb"), f->cb() },
                               { QStringLiteral("score"), f->score() },
                               { QStringLiteral("level"), severityKey(f->level()) } });
    }
    QJsonArray accounts;
    for (qint64 a : i.accounts)
        accounts.append(a);
    o.insert(QStringLiteral("accounts"), accounts);
    QJsonArray decisions;
    for (const Decision& d : i.decisions)
        decisions.append(QJsonObject { { QStringLiteral("kind"), d.kind },
                                       { QStringLiteral("decision"), d.decision },
                                       { QStringLiteral("rationale"), d.rationale },
                                       { QStringLiteral("art34_ground"), d.art34Ground },
                                       { QStringLiteral("public_communication"), d.publicCommunication },
                                       { QStringLiteral("decided_by"), d.decidedBy },
                                       { QStringLiteral("decided_at"), isoUtc(d.decidedAt) } });
    o.insert(QStringLiteral("decisions"), decisions);
    QJsonArray reports;
    for (const Report& r : i.reports)
        reports.append(QJsonObject { { QStringLiteral("seq"), r.seq },
                                     { QStringLiteral("kind"), r.kind },
                                     { QStringLiteral("report_number"), r.reportNumber },
                                     { QStringLiteral("sent_at"), isoUtc(r.sentAt) },
                                     { QStringLiteral("recorded_by"), r.recordedBy },
                                     { QStringLiteral("snapshot"), r.snapshot } });
    o.insert(QStringLiteral("reports"), reports);
    QJsonArray timeline;
    for (const TimelineEntry& e : i.timeline)
        timeline.append(QJsonObject { { QStringLiteral("at"), isoUtc(e.at) },
                                      { QStringLiteral("actor"), e.actor },
                                      { QStringLiteral("kind"), e.kind },
                                      { QStringLiteral("what"), e.what } });
    o.insert(QStringLiteral("timeline"), timeline);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QString reportHtml(const Incident& i, Lang lang, const Clock& clock)
{
    const auto esc = [](const QString& s) {
        return s.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    };
    const QString none = L(lang, "(not answered)", "(niet ingevuld)");
    QString h;
    h += QStringLiteral("<html><body>");
    h += QStringLiteral("<h1>%1</h1>")
             .arg(esc(L(lang, "Personal data breach %1: %2", "Datalek %1: %2").arg(i.id).arg(i.title)));
    h += QStringLiteral("<p>%1</p>")
             .arg(esc(L(lang, "Answers in the order of the Autoriteit Persoonsgegevens' notification form.",
                        "Antwoorden in de volgorde van het meldformulier van de Autoriteit Persoonsgegevens.")));
    h += QStringLiteral("<table border=\"0\" cellspacing=\"2\" cellpadding=\"2\">");
    const auto row = [&](const QString& q, const QString& a) {
        h += QStringLiteral("<tr><td valign=\"top\"><b>%1</b></td><td>%2</td></tr>")
                 .arg(esc(q), a.isEmpty() ? QStringLiteral("<i>%1</i>").arg(esc(none)) : esc(a));
    };
    static const char* const statesEn[] = { "detected", "investigating", "contained", "closed" };
    static const char* const statesNl[] = { "ontdekt", "in onderzoek", "ingedamd", "gesloten" };
    const int st = static_cast<int>(i.state);
    row(L(lang, "State", "Status"), L(lang, statesEn[st], statesNl[st]));
    row(fieldLabel(QStringLiteral("report_number"), lang), i.reportNumber);
    row(fieldLabel(QStringLiteral("assignee"), lang), i.assignee);
    row(L(lang, "Deadline (72 hours after awareness)", "Termijn (72 uur na kennisname)"), deadlineText(i, lang, clock));
    h += QStringLiteral("</table>");

    QHash<int, int> numberInChapter;
    int chapter = 0;
    for (const FieldSpec& f : fieldSpecs()) {
        if (f.chapter == 0)
            continue;
        if (f.chapter != chapter) {
            if (chapter)
                h += QStringLiteral("</table>");
            chapter = f.chapter;
            h += QStringLiteral("<h2>%1</h2><table border=\"0\" cellspacing=\"2\" cellpadding=\"2\">")
                     .arg(esc(chapterTitle(chapter, lang)));
        }
        const int n = ++numberInChapter[f.chapter];
        row(QStringLiteral("%1.%2 %3").arg(f.chapter).arg(n).arg(fieldLabel(QLatin1String(f.key), lang)),
            answer(i, f, lang));
        if (QByteArray(f.key) == "enisa_cb_malicious") {
            if (const auto e = enisaOf(i))
                row(L(lang, "ENISA severity (advice): SE = DPC × EI + CB", "ENISA-ernst (advies): SE = DPC × EI + CB"),
                    QStringLiteral("%1 × %2 + %3 = %4 → %5")
                        .arg(e->dpc())
                        .arg(decimal(e->ei, lang), decimal(e->cb(), lang), decimal(e->score(), lang),
                             choiceLabel(severityKey(e->level()), lang)));
        }
    }
    if (chapter)
        h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>%1</h2><table border=\"0\" cellspacing=\"2\" cellpadding=\"2\">")
             .arg(esc(L(lang, "Decisions", "Besluiten")));
    const auto notify = i.latest(QStringLiteral("notify_authority"));
    const auto inform = i.latest(QStringLiteral("inform_subjects"));
    row(L(lang, "Notify the authority (Art. 33)", "Melden bij de toezichthouder (art. 33)"),
        notify ? decisionText(*notify, lang) : QString());
    row(L(lang, "Inform the people affected (Art. 34)", "Betrokkenen informeren (art. 34)"),
        inform ? decisionText(*inform, lang) : QString());
    h += QStringLiteral("</table>");

    QStringList ids;
    for (qint64 a : i.accounts)
        ids << QString::number(a);
    h += QStringLiteral("<h2>%1</h2><p>%2</p>")
             .arg(esc(L(lang, "Affected accounts", "Getroffen accounts")),
                  ids.isEmpty() ? esc(none) : esc(ids.join(QStringLiteral(", "))));

    h += QStringLiteral("<h2>%1</h2>").arg(esc(L(lang, "Reports sent", "Verzonden meldingen")));
    if (i.reports.isEmpty())
        h += QStringLiteral("<p>%1</p>").arg(esc(L(lang, "None yet.", "Nog geen.")));
    for (const Report& r : i.reports)
        h += QStringLiteral("<p>%1</p>")
                 .arg(esc((r.seq == 1 ? L(lang, "Initial notification", "Eerste melding")
                                      : L(lang, "Supplement %1", "Aanvulling %1").arg(r.seq - 1))
                          + QStringLiteral(": ") + r.reportNumber + QStringLiteral(", ") + reportTime(r.sentAt)));

    h += QStringLiteral("<h2>%1</h2><table border=\"0\" cellspacing=\"2\" cellpadding=\"2\">")
             .arg(esc(L(lang, "Timeline", "Tijdlijn")));
    for (const TimelineEntry& e : i.timeline)
        h += QStringLiteral("<tr><td valign=\"top\">%1</td><td valign=\"top\">%2</td><td>%3</td></tr>")
                 .arg(esc(reportTime(e.at)), esc(e.actor), esc(e.what));
    h += QStringLiteral("</table>");
    h += QStringLiteral("<p><small>%1</small></p>")
             .arg(esc(L(lang, "Generated by Art32 Console at %1.", "Gemaakt door Art32 Console op %1.")
                          .arg(reportTime(clock.now()))));
    h += QStringLiteral("</body></html>");
    return h;
}

QString reportName(const Report& r, Lang lang)
{
    return r.seq <= 1 ? L(lang, "Initial notification", "Eerste melding")
                      : L(lang, "Supplement %1", "Aanvulling %1").arg(r.seq - 1);
}

QString frozenReportHtml(const Incident& frozen, const Report& r, Lang lang, const Clock& clock)
{
    QString h = reportHtml(frozen, lang, clock);
    const QString head
        = L(lang,
            "%1 under report number %2, sent to the authority at %3, recorded by %4 at %5. This is the frozen "
            "copy of what was sent; later changes to the incident are not in it.",
            "%1 onder meldingsnummer %2, verzonden aan de toezichthouder op %3, vastgelegd door %4 op %5. Dit is de "
            "bevroren kopie van wat is verzonden; latere wijzigingen van het incident staan er niet in.")
              .arg(reportName(r, lang), r.reportNumber, reportTime(r.sentAt), r.recordedBy, reportTime(r.recordedAt));
    const QString body = QStringLiteral("<body>");
    const qsizetype at = h.indexOf(body);
    if (at >= 0)
        h.insert(at + body.size(), QStringLiteral("<p><b>%1</b></p>").arg(head.toHtmlEscaped()));
    return h;
}

QByteArray frozenReportJson(const Incident& frozen, const Report& r, Lang lang, const Clock& clock)
{
    QJsonObject o = QJsonDocument::fromJson(exportJson(frozen, lang, clock)).object();
    o.insert(QStringLiteral("as_reported"),
             QJsonObject { { QStringLiteral("seq"), r.seq },
                           { QStringLiteral("kind"), r.kind },
                           { QStringLiteral("report_number"), r.reportNumber },
                           { QStringLiteral("sent_at"), isoUtc(r.sentAt) },
                           { QStringLiteral("recorded_at"), isoUtc(r.recordedAt) },
                           { QStringLiteral("recorded_by"), r.recordedBy } });
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

} // namespace art32::incidents
