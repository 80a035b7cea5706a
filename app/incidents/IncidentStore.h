#pragma once

// The incident register in the database (migration 0015): every write through a definer function (unlocked CTO
// or sysadmin; the notify decision a CTO only), every read through the tables' RLS (auditors too).
#include "core/Result.h"
#include "incidents/Incident.h"

#include <QJsonObject>

namespace pqxx {
class connection_base;
}

namespace art32::incidents {

/** The report language that follows the UI's (Dutch when the UI speaks Dutch). */
Lang uiLang();

/** Opens an incident; the clock starts at awareAt (may be invalid: not aware yet). Returns its id. */
Result<qint64> open(pqxx::connection_base& conn, const QString& title, const QDateTime& detectedAt,
                    const QDateTime& awareAt = {});

/**
 * The register, newest first: each incident's fields with the latest notify decision and the first report's time
 * (enough for deadlineState()), not its timeline or accounts.
 */
Result<QList<Incident>> list(pqxx::connection_base& conn, int limit = 500);

/** One incident in full. Error code "incident.not_found" when there is none (or RLS hides it). */
Result<Incident> load(pqxx::connection_base& conn, qint64 id);

/**
 * Saves changed fields (keys of fieldSpecs(); a null value clears one) if the incident is still at version:
 * the new version, or 0 when someone else saved in between (nothing changed; reload, keep the input).
 */
Result<int> update(pqxx::connection_base& conn, qint64 id, int version, const QJsonObject& changed);

/** Moves the state on (0 on a conflicting version). Closing with fields missing fails with "incident.incomplete". */
Result<int> setState(pqxx::connection_base& conn, qint64 id, int version, State to);

/** The server's list of what closing still needs (the same keys as missingForClose()). */
Result<QStringList> missing(pqxx::connection_base& conn, qint64 id);

Result<qint64> note(pqxx::connection_base& conn, qint64 id, const QString& text);

/** Records a decision: kind notify_authority (CTO only) or inform_subjects; ground "a"/"b"/"c" or empty. */
Result<qint64> decide(pqxx::connection_base& conn, qint64 id, const QString& kind, bool decision,
                      const QString& rationale, const QString& ground = {}, const QString& publicCommunication = {});

/** Freezes what is sent to the authority now as the next report under reportNumber; returns its seq. */
Result<int> report(pqxx::connection_base& conn, qint64 id, const QString& reportNumber, const QDateTime& sentAt);

Result<int> linkAccounts(pqxx::connection_base& conn, qint64 id, const QList<qint64>& accounts);
Result<bool> unlinkAccount(pqxx::connection_base& conn, qint64 id, qint64 account);

struct AccountCounts
{
    qint64 accounts = 0;
    qint64 people = 0; ///< distinct contacts of the records
    qint64 records = 0;
};
/** Counts of the linked accounts, for questions 6 and 7. */
Result<AccountCounts> accountCounts(pqxx::connection_base& conn, qint64 id);

/** The translated message for missing keys: "… missing: Aware of the breach at, Measures taken". */
QString missingMessage(const QStringList& keys, Lang lang);

/**
 * The incident as report seq froze it (Art. 33(4): what the authority was told): the snapshot's fields, accounts
 * and decisions, the reports up to and including that one, no timeline. Error "incident.no_report" when the
 * incident has no report seq.
 */
Result<Incident> asReported(const Incident& incident, int seq);

} // namespace art32::incidents
