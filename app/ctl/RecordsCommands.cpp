// records: the integrity scan and the exact search over the blind indexes.
#include "Support.h"
#include "auth/KeyRing.h"
#include "records/RecordStore.h"

#include <unistd.h>

namespace art32::ctl {
namespace {

int verify(const Context& ctx, const Args&)
{
    catchInterrupt(); // Ctrl+C: stops after the current batch, and says how far it got
    auto opened = openWithKeys(ctx);
    if (!opened)
        return fail(opened.error());
    auto& [o, ring] = opened.value();
    auto printer = progressPrinter(QStringLiteral("Verifying accounts"));
    auto report = o.db->call([&](pqxx::connection_base& c) {
        return records::verifyAll(
            c, *ring, [&](qint64 done) { printer(done, 0); }, interruptFlag());
    });
    if (isatty(STDERR_FILENO))
        err() << Qt::endl;
    if (!report)
        return fail(afterBatches(report.error(), QStringLiteral("A scan changes nothing: run it again.")));
    for (const PlainRecord& f : report->failures)
        out() << "FAILED account " << f.accountId << (f.id ? QStringLiteral(" record %1").arg(f.id) : QString()) << ": "
              << f.error << '\n';
    out() << records::describe(report.value()) << Qt::endl;
    if (report->cancelled)
        return Interrupted;
    return report->failures.isEmpty() ? Ok : Failed;
}

int find(const Context& ctx, const Args& args)
{
    const bool byEmail = args.isSet(QStringLiteral("email"));
    const RecordKind kind = byEmail ? RecordKind::Email : RecordKind::Phone;
    const QString value = args.value(byEmail ? QStringLiteral("email") : QStringLiteral("phone"));
    auto opened = openWithKeys(ctx);
    if (!opened)
        return fail(opened.error());
    auto& [o, ring] = opened.value();
    auto found = o.db->call([&](pqxx::connection_base& c) { return records::findAccounts(c, *ring, kind, value); });
    if (!found)
        return fail(found.error());
    if (found->isEmpty())
        return fail({ QStringLiteral("records.none"),
                      QStringLiteral("No account matches this %1.")
                          .arg(byEmail ? QStringLiteral("e-mail address") : QStringLiteral("phone number")) });
    for (qint64 id : found.value())
        out() << id << '\n';
    out().flush();
    return Ok;
}

} // namespace

QList<Command> recordsCommands()
{
    const QString group = QStringLiteral("records");
    return {
        Command(group, QStringLiteral("verify"), Needs::Unlock,
                QStringLiteral("Checks that every record you may read decrypts and authenticates."), verify)
            .withDetails(QStringLiteral("Prints each record that fails, then what was checked out of what exists; "
                                        "exit code 1 when any failed, 4 when it stopped early (Ctrl+C, the session "
                                        "locked, fewer accounts covered than counted at the start). The read is "
                                        "audited; the session is kept alive while it runs.")),
        Command(group, QStringLiteral("find"), Needs::Unlock,
                QStringLiteral("Prints the ids of the accounts with exactly this e-mail address or phone."), find)
            .withDetails(QStringLiteral("An audited request, limited per hour for a sysadmin; exit code 7 when no "
                                        "account matches."))
            .withOptions({
                Option::text(QStringLiteral("email"), QStringLiteral("ADDRESS"), QStringLiteral("The e-mail address.")),
                Option::text(QStringLiteral("phone"), QStringLiteral("NUMBER"), QStringLiteral("The phone number.")),
            })
            .withExactlyOneOf({ QStringLiteral("email"), QStringLiteral("phone") }),
    };
}

} // namespace art32::ctl
