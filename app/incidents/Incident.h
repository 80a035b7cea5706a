#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace art32::incidents {

/** The states, in the only order an incident moves through them (steps may be skipped, never undone). */
enum class State { Detected, Investigating, Contained, Closed };
QString stateKey(State s); ///< "detected", … as the database stores it
std::optional<State> stateFromKey(const QString& key);
QString stateName(State s); ///< translated

/** The AP's severity levels (question 9), which the ENISA bands map to. */
enum class Severity { Negligible, Limited, Considerable, VeryLarge };
QString severityKey(Severity s); ///< "negligible", "limited", "considerable", "very_large"
std::optional<Severity> severityFromKey(const QString& key);

/** The language of a report: the AP's form is Dutch; English for everyone else. Independent of the UI's. */
enum class Lang { En, Nl };

/**
 * One field of the AP notification form (Autoriteit Persoonsgegevens, "Meldformulier datalekken"), by chapter.
 * The key is the column of art32.incidents; the labels are the form's questions in both report languages (a report
 * is written in the language asked for, whatever the UI speaks, so they are data here, not tr() strings).
 */
struct FieldSpec
{
    enum class Kind { Text, LongText, Time, Bool, Count, Choice, Multi, Decimal };
    const char* key;
    int chapter; ///< 1–10; 0 for the register's own fields (title, assignee, report number)
    Kind kind;
    const char* en;
    const char* nl;
    QStringList choices; ///< Choice and Multi: the stored values, in the form's order
};

/** Every field of the form, in the form's order. */
const QList<FieldSpec>& fieldSpecs();
const FieldSpec* fieldSpec(const QString& key);
/** The chapter's title in a language (1 "Introduction" … 10 "Follow-up"). */
QString chapterTitle(int chapter, Lang lang);
/** A field's question; also the keys of rules that are no column (decision_notify, report, q6_records, …). */
QString fieldLabel(const QString& key, Lang lang);
/** A stored choice value in words ("read" → "read by an unauthorised person"). */
QString choiceLabel(const QString& value, Lang lang);

struct Decision
{
    qint64 id = 0;
    QString kind; ///< notify_authority or inform_subjects
    bool decision = false;
    QString rationale;
    QString art34Ground; ///< "", "a", "b" or "c"
    QString publicCommunication;
    QString decidedBy;
    QDateTime decidedAt;
};

struct TimelineEntry
{
    qint64 id = 0;
    QDateTime at;
    QString actor;
    QString kind; ///< opened, note, fields, state, decision, report, accounts
    QString what;
};

/** A frozen report as sent to the authority (Art. 33(4)): seq 1 is the initial notification. */
struct Report
{
    qint64 id = 0;
    int seq = 0;
    QString kind; ///< initial or supplement
    QString reportNumber;
    QDateTime sentAt;
    QDateTime recordedAt;
    QString recordedBy;
    QJsonObject snapshot;
};

/** One incident of the register, as the database holds it. */
struct Incident
{
    qint64 id = 0;
    int version = 0;
    State state = State::Detected;
    QString title;
    QString assignee;
    QString reportNumber;
    QString createdBy;
    QDateTime createdAt, updatedAt, closedAt;
    /** The form's fields by key (fieldSpecs()): times as ISO 8601 text, lists as arrays, absent when empty. */
    QJsonObject fields;
    QList<qint64> accounts;
    QList<Decision> decisions; ///< oldest first
    QList<TimelineEntry> timeline; ///< oldest first
    QList<Report> reports; ///< by seq

    QString text(const QString& key) const;
    QDateTime time(const QString& key) const; ///< invalid when not set
    QStringList list(const QString& key) const;
    std::optional<qint64> count(const QString& key) const;
    std::optional<bool> flag(const QString& key) const;
    std::optional<double> decimal(const QString& key) const;
    /** The latest decision of a kind (the one that counts), or nothing. */
    std::optional<Decision> latest(const QString& kind) const;
    QDateTime awareAt() const { return time(QStringLiteral("q4_aware_at")); }
    QDateTime detectedAt() const { return time(QStringLiteral("q4_detected_at")); }
    /** When the authority was first told: the initial report's sent_at; invalid when not yet. */
    QDateTime notifiedAt() const;
};

/** ISO 8601 in UTC with a Z, as fields hold times and the database takes them. */
QString isoUtc(const QDateTime& t);
/** Parses an ISO 8601 time with a zone (Z or ±hh:mm) or, without one, in local time; invalid when it is none. */
QDateTime parseIso(const QString& text);

} // namespace art32::incidents
