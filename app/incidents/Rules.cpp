#include "incidents/Rules.h"

#include <algorithm>
#include <cmath>

namespace art32::incidents {

QDateTime deadlineOf(const QDateTime& awareAt)
{
    if (!awareAt.isValid())
        return {};
    // Elapsed seconds in UTC, never addDays(3): across a DST change those differ by an hour.
    return awareAt.toUTC().addSecs(kNotifyWithinSeconds);
}

DeadlineState deadlineState(const Incident& incident, const Clock& clock)
{
    DeadlineState s;
    const QDateTime aware = incident.awareAt();
    if (!aware.isValid())
        return s;
    s.deadline = deadlineOf(aware);
    const QDateTime notified = incident.notifiedAt();
    if (notified.isValid()) {
        s.seconds = aware.secsTo(notified);
        s.kind = notified > s.deadline ? DeadlineState::MetLate : DeadlineState::Met;
        return s;
    }
    const auto notify = incident.latest(QStringLiteral("notify_authority"));
    if (notify && !notify->decision) {
        s.kind = DeadlineState::NotRequired;
        return s;
    }
    const qint64 left = clock.now().secsTo(s.deadline);
    if (left >= 0) {
        s.kind = DeadlineState::Running;
        s.seconds = left;
    } else {
        s.kind = DeadlineState::Overdue;
        s.seconds = -left;
    }
    return s;
}

QString hoursMinutes(qint64 seconds)
{
    const qint64 minutes = seconds / 60;
    const qint64 h = minutes / 60;
    const qint64 m = minutes % 60;
    if (h == 0)
        return QStringLiteral("%1 min").arg(m);
    if (m == 0)
        return QStringLiteral("%1 h").arg(h);
    return QStringLiteral("%1 h %2 min").arg(h).arg(m);
}

QString describeDeadline(const DeadlineState& s)
{
    switch (s.kind) {
    case DeadlineState::NotStarted:
        return QStringLiteral("clock not started (no aware-at)");
    case DeadlineState::Running:
        return QStringLiteral("due in %1").arg(hoursMinutes(s.seconds));
    case DeadlineState::Overdue:
        return QStringLiteral("overdue by %1").arg(hoursMinutes(s.seconds));
    case DeadlineState::Met:
        return QStringLiteral("notified after %1, in time").arg(hoursMinutes(s.seconds));
    case DeadlineState::MetLate:
        return QStringLiteral("notified after %1, late").arg(hoursMinutes(s.seconds));
    case DeadlineState::NotRequired:
        return QStringLiteral("not notified (decided)");
    }
    return {};
}

bool isLate(const Incident& incident, const Clock& clock)
{
    const DeadlineState s = deadlineState(incident, clock);
    return s.kind == DeadlineState::Overdue || s.kind == DeadlineState::MetLate;
}

namespace {

bool blank(const Incident& i, const char* key)
{
    return i.text(QLatin1String(key)).trimmed().isEmpty();
}

} // namespace

QStringList missingForClose(const Incident& i, const Clock& clock)
{
    // The same list, in the same order, as art32.incident_missing_of (migration 0015).
    QStringList m;
    const auto need = [&](bool missing, const char* key) {
        if (missing)
            m << QLatin1String(key);
    };
    need(blank(i, "q3_organisation"), "q3_organisation");
    need(blank(i, "q3_contact"), "q3_contact");
    need(!i.awareAt().isValid(), "q4_aware_at");
    need(blank(i, "q4_how_discovered"), "q4_how_discovered");
    need(i.awareAt().isValid() && blank(i, "q4_delay_reason") && isLate(i, clock), "q4_delay_reason");
    need(i.list(QStringLiteral("q5_nature")).isEmpty(), "q5_nature");
    need(blank(i, "q5_incident_type"), "q5_incident_type");
    need(blank(i, "q5_description"), "q5_description");
    need(i.list(QStringLiteral("q6_categories")).isEmpty(), "q6_categories");
    need(!i.count(QStringLiteral("q6_records_min")) || !i.count(QStringLiteral("q6_records_max")), "q6_records");
    need(i.list(QStringLiteral("q7_groups")).isEmpty(), "q7_groups");
    need(!i.count(QStringLiteral("q7_people_min")) || !i.count(QStringLiteral("q7_people_max")), "q7_people");
    const QString protection = i.text(QStringLiteral("q8_protection"));
    need(protection.isEmpty(), "q8_protection");
    need((protection == QLatin1String("encrypted") || protection == QLatin1String("hashed"))
             && !i.flag(QStringLiteral("q8_key_compromised")),
         "q8_key_compromised");
    need(blank(i, "q9_consequences_subjects"), "q9_consequences_subjects");
    need(blank(i, "q9_severity"), "q9_severity");
    need(blank(i, "q10_measures_taken"), "q10_measures_taken");
    const auto inform = i.latest(QStringLiteral("inform_subjects"));
    if (inform && inform->decision) {
        need(!i.time(QStringLiteral("q10_subjects_informed_at")).isValid(), "q10_subjects_informed_at");
        need(blank(i, "q10_subjects_informed_how"), "q10_subjects_informed_how");
        need(!i.count(QStringLiteral("q10_subjects_informed_count")), "q10_subjects_informed_count");
    }
    const auto notify = i.latest(QStringLiteral("notify_authority"));
    need(!notify, "decision_notify");
    need(!inform, "decision_inform");
    if (notify && notify->decision) {
        need(i.reportNumber.isEmpty(), "report_number");
        need(i.reports.isEmpty(), "report");
    }
    return m;
}

bool canMove(State from, State to)
{
    return static_cast<int>(to) > static_cast<int>(from);
}

bool art34aMayApply(const Incident& i)
{
    const QString p = i.text(QStringLiteral("q8_protection"));
    const auto compromised = i.flag(QStringLiteral("q8_key_compromised"));
    return (p == QLatin1String("encrypted") || p == QLatin1String("hashed")) && compromised && !*compromised;
}

int EnisaFactors::dpc() const
{
    return std::clamp(dpcBase + dpcAdjust, 1, 4);
}

double EnisaFactors::cb() const
{
    return cbConfidentiality + cbIntegrity + cbAvailability + cbMalicious;
}

double EnisaFactors::score() const
{
    return dpc() * ei + cb();
}

Severity enisaLevel(double score)
{
    // Small tolerance: the factors are quarters, so scores are exact in binary anyway.
    if (score < 2.0 - 1e-9)
        return Severity::Negligible;
    if (score < 3.0 - 1e-9)
        return Severity::Limited;
    if (score < 4.0 - 1e-9)
        return Severity::Considerable;
    return Severity::VeryLarge;
}

Severity EnisaFactors::level() const
{
    return enisaLevel(score());
}

bool EnisaFactors::valid() const
{
    const auto oneOf = [](double v, std::initializer_list<double> allowed) {
        return std::any_of(allowed.begin(), allowed.end(), [&](double a) { return std::abs(v - a) < 1e-9; });
    };
    return dpcBase >= 1 && dpcBase <= 4 && dpcAdjust >= -3 && dpcAdjust <= 3 && oneOf(ei, { 0.25, 0.5, 0.75, 1.0 })
        && oneOf(cbConfidentiality, { 0, 0.25, 0.5 }) && oneOf(cbIntegrity, { 0, 0.25, 0.5 })
        && oneOf(cbAvailability, { 0, 0.25, 0.5 }) && oneOf(cbMalicious, { 0, 0.5 });
}

std::optional<EnisaFactors> enisaOf(const Incident& i)
{
    const auto base = i.count(QStringLiteral("enisa_dpc_base"));
    if (!base)
        return std::nullopt;
    EnisaFactors f;
    f.dpcBase = static_cast<int>(*base);
    f.dpcAdjust = static_cast<int>(i.count(QStringLiteral("enisa_dpc_adjust")).value_or(0));
    f.ei = i.decimal(QStringLiteral("enisa_ei")).value_or(1.0);
    f.cbConfidentiality = i.decimal(QStringLiteral("enisa_cb_confidentiality")).value_or(0);
    f.cbIntegrity = i.decimal(QStringLiteral("enisa_cb_integrity")).value_or(0);
    f.cbAvailability = i.decimal(QStringLiteral("enisa_cb_availability")).value_or(0);
    f.cbMalicious = i.decimal(QStringLiteral("enisa_cb_malicious")).value_or(0);
    return f;
}

} // namespace art32::incidents
