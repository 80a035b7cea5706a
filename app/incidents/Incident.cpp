#include "incidents/Incident.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QTimeZone>

namespace art32::incidents {

namespace {

const char* const kStates[] = { "detected", "investigating", "contained", "closed" };
const char* const kSeverities[] = { "negligible", "limited", "considerable", "very_large" };

using K = FieldSpec::Kind;

QStringList words(std::initializer_list<const char*> list)
{
    QStringList out;
    for (const char* w : list)
        out << QLatin1String(w);
    return out;
}

} // namespace

QString stateKey(State s)
{
    return QLatin1String(kStates[static_cast<int>(s)]);
}

std::optional<State> stateFromKey(const QString& key)
{
    for (int i = 0; i < 4; ++i)
        if (key == QLatin1String(kStates[i]))
            return static_cast<State>(i);
    return std::nullopt;
}

QString stateName(State s)
{
    switch (s) {
    case State::Detected:
        return QCoreApplication::translate("art32::incidents", "detected");
    case State::Investigating:
        return QCoreApplication::translate("art32::incidents", "investigating");
    case State::Contained:
        return QCoreApplication::translate("art32::incidents", "contained");
    case State::Closed:
        return QCoreApplication::translate("art32::incidents", "closed");
    }
    return {};
}

QString severityKey(Severity s)
{
    return QLatin1String(kSeverities[static_cast<int>(s)]);
}

std::optional<Severity> severityFromKey(const QString& key)
{
    for (int i = 0; i < 4; ++i)
        if (key == QLatin1String(kSeverities[i]))
            return static_cast<Severity>(i);
    return std::nullopt;
}

const QList<FieldSpec>& fieldSpecs()
{
    // The questions of the AP's notification form, chapter by chapter, in its order.
    static const QList<FieldSpec> specs {
        { "title", 0, K::Text, "Title", "Titel", {} },
        { "assignee", 0, K::Text, "Assignee (login)", "Behandelaar (login)", {} },
        { "report_number", 0, K::Text, "Report number (AP)", "Meldingsnummer (AP)", {} },
        { "q1_report_type", 1, K::Choice, "Type of report", "Soort melding",
          words({ "new", "supplement", "withdrawal" }) },
        { "q1_legal_basis", 1, K::Choice, "Legal basis of the report", "Wettelijke grondslag van de melding",
          words({ "gdpr", "telecom" }) },
        { "q1_other_supervisors",
          1,
          K::LongText,
          "Other supervisors informed",
          "Andere toezichthouders ingelicht",
          {} },
        { "q2_subjects_abroad",
          2,
          K::Bool,
          "Data subjects in other EU countries?",
          "Betrokkenen in andere EU-landen?",
          {} },
        { "q2_countries", 2, K::Text, "Which countries", "Welke landen", {} },
        { "q2_other_authorities",
          2,
          K::LongText,
          "Other supervisory authorities informed",
          "Andere toezichthoudende autoriteiten ingelicht",
          {} },
        { "q3_organisation",
          3,
          K::Text,
          "Organisation (controller)",
          "Organisatie (verwerkingsverantwoordelijke)",
          {} },
        { "q3_reporter", 3, K::Text, "Who reports", "Wie doet de melding", {} },
        { "q3_contact", 3, K::Text, "Contact point for more information", "Contactpunt voor meer informatie", {} },
        { "q3_dpo", 3, K::Text, "Data protection officer", "Functionaris gegevensbescherming", {} },
        { "q4_started_at", 4, K::Time, "Possible start of the breach", "Mogelijke begindatum van het datalek", {} },
        { "q4_ended_at", 4, K::Time, "Possible end of the breach", "Mogelijke einddatum van het datalek", {} },
        { "q4_detected_at", 4, K::Time, "Discovered at", "Ontdekt op", {} },
        { "q4_how_discovered", 4, K::LongText, "How the breach was discovered", "Hoe is het datalek ontdekt", {} },
        { "q4_aware_at",
          4,
          K::Time,
          "Aware of the breach at (starts the 72 hours)",
          "Op de hoogte van het datalek op (start van de 72 uur)",
          {} },
        { "q4_delay_reason", 4, K::LongText, "Reason for reporting after 72 hours", "Reden van melding na 72 uur", {} },
        { "q5_nature", 5, K::Multi, "What happened to the personal data", "Wat is er met de persoonsgegevens gebeurd",
          words({ "read", "copied", "changed", "lost_temporarily", "lost_permanently" }) },
        { "q5_incident_type", 5, K::Choice, "Type of incident", "Soort incident",
          words({ "device_lost", "device_stolen", "hacking", "malware", "phishing", "misdirected", "wrongly_disclosed",
                  "disposal", "other" }) },
        { "q5_description", 5, K::LongText, "Description of the breach", "Omschrijving van het datalek", {} },
        { "q6_categories", 6, K::Multi, "Categories of personal data", "Soorten persoonsgegevens",
          words({ "name_address", "phone", "email", "login", "financial", "bsn", "identity_documents", "birth_date",
                  "special", "other" }) },
        { "q6_records_min", 6, K::Count, "Number of records (at least)", "Aantal registraties (minimaal)", {} },
        { "q6_records_max", 6, K::Count, "Number of records (at most)", "Aantal registraties (maximaal)", {} },
        { "q7_groups", 7, K::Multi, "Groups of people affected", "Groepen betrokkenen",
          words({ "customers", "employees", "users", "minors", "vulnerable", "other" }) },
        { "q7_people_min", 7, K::Count, "Number of people (at least)", "Aantal personen (minimaal)", {} },
        { "q7_people_max", 7, K::Count, "Number of people (at most)", "Aantal personen (maximaal)", {} },
        { "q8_protection", 8, K::Choice, "Were the data unintelligible (encrypted, hashed, otherwise)?",
          "Waren de gegevens onbegrijpelijk of ontoegankelijk (versleuteld, gehasht, anders)?",
          words({ "encrypted", "hashed", "other", "none" }) },
        { "q8_key_compromised",
          8,
          K::Bool,
          "Was the key (or the hash's secret) compromised?",
          "Is de sleutel (of het geheim van de hash) gecompromitteerd?",
          {} },
        { "q8_details", 8, K::LongText, "How the data were protected", "Hoe de gegevens beveiligd waren", {} },
        { "q9_consequences_controller",
          9,
          K::LongText,
          "Consequences for the organisation",
          "Gevolgen voor de organisatie",
          {} },
        { "q9_consequences_subjects",
          9,
          K::LongText,
          "Possible consequences for the people affected",
          "Mogelijke gevolgen voor de betrokkenen",
          {} },
        { "q9_severity", 9, K::Choice, "Severity of the consequences", "Ernst van de gevolgen",
          words({ "negligible", "limited", "considerable", "very_large" }) },
        { "q10_subjects_informed_at", 10, K::Time, "People affected informed at", "Betrokkenen geïnformeerd op", {} },
        { "q10_subjects_informed_how", 10, K::LongText, "How they were informed", "Hoe zij zijn geïnformeerd", {} },
        { "q10_subjects_informed_count", 10, K::Count, "How many were informed", "Hoeveel zijn er geïnformeerd", {} },
        { "q10_measures_taken", 10, K::LongText, "Measures taken", "Genomen maatregelen", {} },
        { "q10_measures_proposed", 10, K::LongText, "Measures proposed", "Voorgenomen maatregelen", {} },
        { "enisa_dpc_base",
          9,
          K::Count,
          "ENISA: data processing context, base score (1–4)",
          "ENISA: context van de verwerking, basisscore (1–4)",
          {} },
        { "enisa_dpc_adjust",
          9,
          K::Count,
          "ENISA: adjustment of the context score (−3 to +3)",
          "ENISA: correctie van de contextscore (−3 tot +3)",
          {} },
        { "enisa_ei",
          9,
          K::Decimal,
          "ENISA: ease of identification (0.25–1)",
          "ENISA: identificeerbaarheid (0,25–1)",
          {} },
        { "enisa_cb_confidentiality",
          9,
          K::Decimal,
          "ENISA: loss of confidentiality (+0, +0.25, +0.5)",
          "ENISA: verlies van vertrouwelijkheid (+0, +0,25, +0,5)",
          {} },
        { "enisa_cb_integrity",
          9,
          K::Decimal,
          "ENISA: loss of integrity (+0, +0.25, +0.5)",
          "ENISA: verlies van integriteit (+0, +0,25, +0,5)",
          {} },
        { "enisa_cb_availability",
          9,
          K::Decimal,
          "ENISA: loss of availability (+0, +0.25, +0.5)",
          "ENISA: verlies van beschikbaarheid (+0, +0,25, +0,5)",
          {} },
        { "enisa_cb_malicious",
          9,
          K::Decimal,
          "ENISA: malicious intent (+0, +0.5)",
          "ENISA: kwade opzet (+0, +0,5)",
          {} },
    };
    return specs;
}

const FieldSpec* fieldSpec(const QString& key)
{
    for (const FieldSpec& f : fieldSpecs())
        if (key == QLatin1String(f.key))
            return &f;
    return nullptr;
}

QString chapterTitle(int chapter, Lang lang)
{
    static const char* const en[]
        = { "Register",      "1. Introduction",  "2. International",   "3. Controller and contact", "4. Timeline",
            "5. The breach", "6. Personal data", "7. People affected", "8. Measures beforehand",    "9. Consequences",
            "10. Follow-up" };
    static const char* const nl[] = { "Register",
                                      "1. Inleiding",
                                      "2. Internationaal",
                                      "3. Verwerkingsverantwoordelijke en contact",
                                      "4. Tijdlijn",
                                      "5. Het datalek",
                                      "6. Persoonsgegevens",
                                      "7. Betrokkenen",
                                      "8. Maatregelen vooraf",
                                      "9. Gevolgen",
                                      "10. Vervolgacties" };
    if (chapter < 0 || chapter > 10)
        return {};
    return QString::fromUtf8(lang == Lang::Nl ? nl[chapter] : en[chapter]);
}

QString fieldLabel(const QString& key, Lang lang)
{
    if (const FieldSpec* f = fieldSpec(key))
        return QString::fromUtf8(lang == Lang::Nl ? f->nl : f->en);
    // Keys of the closing rules that are no single column.
    static const QHash<QString, QPair<const char*, const char*>> extra {
        { QStringLiteral("q6_records"), { "Number of records", "Aantal registraties" } },
        { QStringLiteral("q7_people"), { "Number of people affected", "Aantal betrokkenen" } },
        { QStringLiteral("decision_notify"),
          { "Decision: notify the authority (CTO)", "Besluit: melden bij de toezichthouder (CTO)" } },
        { QStringLiteral("decision_inform"),
          { "Decision: inform the people affected", "Besluit: betrokkenen informeren" } },
        { QStringLiteral("report"),
          { "A report sent to the authority", "Een melding verzonden aan de toezichthouder" } },
    };
    const auto it = extra.constFind(key);
    if (it == extra.constEnd())
        return key;
    return QString::fromUtf8(lang == Lang::Nl ? it->second : it->first);
}

QString choiceLabel(const QString& value, Lang lang)
{
    static const QHash<QString, QPair<const char*, const char*>> labels {
        { QStringLiteral("new"), { "new report", "nieuwe melding" } },
        { QStringLiteral("supplement"), { "supplement to a report", "aanvulling op een melding" } },
        { QStringLiteral("withdrawal"), { "withdrawal of a report", "intrekking van een melding" } },
        { QStringLiteral("gdpr"), { "GDPR Art. 33", "AVG art. 33" } },
        { QStringLiteral("telecom"), { "Telecommunications Act 11.3a", "Telecommunicatiewet 11.3a" } },
        { QStringLiteral("read"), { "read by an unauthorised person", "ingezien door een onbevoegde" } },
        { QStringLiteral("copied"), { "copied by an unauthorised person", "gekopieerd door een onbevoegde" } },
        { QStringLiteral("changed"), { "changed", "veranderd" } },
        { QStringLiteral("lost_temporarily"),
          { "lost or unavailable for a while", "tijdelijk verloren of niet beschikbaar" } },
        { QStringLiteral("lost_permanently"),
          { "lost or unavailable for good", "blijvend verloren of niet beschikbaar" } },
        { QStringLiteral("device_lost"), { "device or medium lost", "apparaat of gegevensdrager verloren" } },
        { QStringLiteral("device_stolen"), { "device or medium stolen", "apparaat of gegevensdrager gestolen" } },
        { QStringLiteral("hacking"), { "hacking", "hacking" } },
        { QStringLiteral("malware"), { "malware (e.g. ransomware)", "malware (bijv. ransomware)" } },
        { QStringLiteral("phishing"), { "phishing", "phishing" } },
        { QStringLiteral("misdirected"), { "sent to the wrong recipient", "naar de verkeerde ontvanger gestuurd" } },
        { QStringLiteral("wrongly_disclosed"),
          { "disclosed or published by mistake", "per ongeluk verstrekt of gepubliceerd" } },
        { QStringLiteral("disposal"), { "not securely disposed of", "niet veilig vernietigd" } },
        { QStringLiteral("other"), { "other", "anders" } },
        { QStringLiteral("name_address"), { "name and address", "naam en adres" } },
        { QStringLiteral("phone"), { "phone numbers", "telefoonnummers" } },
        { QStringLiteral("email"), { "e-mail addresses", "e-mailadressen" } },
        { QStringLiteral("login"), { "login data", "inloggegevens" } },
        { QStringLiteral("financial"), { "financial data", "financiële gegevens" } },
        { QStringLiteral("bsn"), { "citizen service numbers (BSN)", "burgerservicenummers (BSN)" } },
        { QStringLiteral("identity_documents"), { "copies of identity documents", "kopieën van identiteitsbewijzen" } },
        { QStringLiteral("birth_date"), { "dates of birth", "geboortedata" } },
        { QStringLiteral("special"), { "special categories (Art. 9, 10)", "bijzondere categorieën (art. 9, 10)" } },
        { QStringLiteral("customers"), { "customers", "klanten" } },
        { QStringLiteral("employees"), { "employees", "werknemers" } },
        { QStringLiteral("users"), { "users", "gebruikers" } },
        { QStringLiteral("minors"), { "minors", "minderjarigen" } },
        { QStringLiteral("vulnerable"), { "vulnerable people", "kwetsbare personen" } },
        { QStringLiteral("encrypted"), { "encrypted", "versleuteld" } },
        { QStringLiteral("hashed"), { "hashed", "gehasht" } },
        { QStringLiteral("none"), { "no", "nee" } },
        { QStringLiteral("negligible"), { "negligible", "verwaarloosbaar" } },
        { QStringLiteral("limited"), { "limited", "beperkt" } },
        { QStringLiteral("considerable"), { "considerable", "aanzienlijk" } },
        { QStringLiteral("very_large"), { "very large", "zeer groot" } },
    };
    const auto it = labels.constFind(value);
    if (it == labels.constEnd())
        return value;
    return QString::fromUtf8(lang == Lang::Nl ? it->second : it->first);
}

QString Incident::text(const QString& key) const
{
    return fields.value(key).toString();
}

QDateTime Incident::time(const QString& key) const
{
    const QString t = fields.value(key).toString();
    return t.isEmpty() ? QDateTime() : parseIso(t);
}

QStringList Incident::list(const QString& key) const
{
    QStringList out;
    for (const auto& v : fields.value(key).toArray())
        out << v.toString();
    return out;
}

std::optional<qint64> Incident::count(const QString& key) const
{
    const QJsonValue v = fields.value(key);
    if (!v.isDouble())
        return std::nullopt;
    return static_cast<qint64>(v.toDouble());
}

std::optional<bool> Incident::flag(const QString& key) const
{
    const QJsonValue v = fields.value(key);
    if (!v.isBool())
        return std::nullopt;
    return v.toBool();
}

std::optional<double> Incident::decimal(const QString& key) const
{
    const QJsonValue v = fields.value(key);
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

std::optional<Decision> Incident::latest(const QString& kind) const
{
    for (auto it = decisions.crbegin(); it != decisions.crend(); ++it)
        if (it->kind == kind)
            return *it;
    return std::nullopt;
}

QDateTime Incident::notifiedAt() const
{
    QDateTime first;
    for (const Report& r : reports)
        if (!first.isValid() || r.sentAt < first)
            first = r.sentAt;
    return first;
}

QString isoUtc(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QDateTime parseIso(const QString& text)
{
    QDateTime t = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text.trimmed(), Qt::ISODate);
    return t;
}

} // namespace art32::incidents
