#pragma once

// The incident rules that run in the console as well as in the database, as pure functions over an Incident and
// an injected Clock: the 72-hour clock, what closing needs, which state may follow which, and the ENISA severity
// helper. The database enforces the same (migration 0015); tests/integration/tst_incidents checks both agree.
#include "core/Clock.h"
#include "incidents/Incident.h"

#include <QStringList>

namespace art32::incidents {

/** Art. 33(1): without undue delay and, where feasible, not later than 72 hours after becoming aware. */
constexpr qint64 kNotifyWithinSeconds = 72 * 3600;

/**
 * The notification deadline: 72 calendar hours, i.e. elapsed time, after awareness. Across a change to or from
 * summer time the local clock then reads an hour more or less than three days later. Invalid without awareness.
 */
QDateTime deadlineOf(const QDateTime& awareAt);

struct DeadlineState
{
    enum Kind {
        NotStarted, ///< no awareness recorded: the clock has not started
        Running, ///< not yet notified, time left
        Overdue, ///< not yet notified, the 72 hours are over
        Met, ///< notified within the 72 hours
        MetLate, ///< notified after the 72 hours
        NotRequired, ///< the CTO decided not to notify
    };
    Kind kind = NotStarted;
    QDateTime deadline; ///< UTC; invalid for NotStarted
    qint64 seconds = 0; ///< Running: left; Overdue: past; Met/MetLate: between awareness and notification
};

DeadlineState deadlineState(const Incident& incident, const Clock& clock);
/** "due in 17 h", "overdue by 3 h", "notified in time", …: English, as the CLI prints. */
QString describeDeadline(const DeadlineState& s);
/** A duration in hours and minutes: "17 h 20 min", "3 h", "45 min" (English; the GUI translates its own). */
QString hoursMinutes(qint64 seconds);

/** Whether the notification came or will come after the 72 hours, so the reason for the delay is required. */
bool isLate(const Incident& incident, const Clock& clock);

/** The keys of what is missing before the incident can be closed (fieldLabel() names them), in form order. */
QStringList missingForClose(const Incident& incident, const Clock& clock);

/** A state follows another only later in the order detected → investigating → contained → closed. */
bool canMove(State from, State to);

/** Art. 34(3)(a): encrypted or hashed and the key not compromised may exempt informing the people affected. */
bool art34aMayApply(const Incident& incident);

/**
 * The severity helper of ENISA, "Recommendations for a methodology of the assessment of severity of personal data
 * breaches", Working Document v1.0, December 2013 (ENISA with the DPAs of Greece and Germany). Its "Overview of the
 * methodology" gives
 *   SE = DPC × EI + CB
 * and its "Scoring of the criteria" the scales: DPC (data processing context) starts from the basic score of the
 * data's category (Annex A1: 1 simple, 2 behavioural, 3 financial, 4 sensitive) and is raised or lowered by the
 * contextual factors of Annex A2 (volume, the controller's or the people's characteristics, invalid or public data,
 * what the data reveal), always within 1–4 (Assessment Table 1's examples move a category by up to 3). EI (ease of
 * identification) is 0.25 negligible, 0.5 limited, 0.75 significant, 1 maximum. CB (circumstances of the breach)
 * only adds: 0, 0.25 or 0.5 each for the loss of confidentiality (by how far the data went), integrity and
 * availability (by whether the data can be recovered), and 0.5 for malicious intent. Severity levels: SE < 2 low,
 * 2 ≤ SE < 3 medium, 3 ≤ SE < 4 high, 4 ≤ SE very high, mapped here to the AP's negligible, limited, considerable,
 * very large. It advises; the person chooses question 9's severity.
 */
struct EnisaFactors
{
    int dpcBase = 1; ///< 1–4
    int dpcAdjust = 0; ///< −3 … +3
    double ei = 1.0; ///< 0.25, 0.5, 0.75, 1
    double cbConfidentiality = 0; ///< 0, 0.25, 0.5
    double cbIntegrity = 0; ///< 0, 0.25, 0.5
    double cbAvailability = 0; ///< 0, 0.25, 0.5
    double cbMalicious = 0; ///< 0, 0.5

    int dpc() const; ///< base + adjustment, within 1–4
    double cb() const;
    double score() const; ///< SE
    Severity level() const;
    /** Whether every factor has one of the paper's values. */
    bool valid() const;
};

/** The factors stored with an incident; nothing when the base score is not set yet. */
std::optional<EnisaFactors> enisaOf(const Incident& incident);
Severity enisaLevel(double score);

} // namespace art32::incidents
