// records: the integrity scan and the exact search over the blind indexes.
#include "Support.h"
#include "auth/KeyRing.h"
#include "records/RecordStore.h"

#include <unistd.h>

namespace art32::ctl {
namespace {

int verify(const Context& ctx, const Args&)
{
    auto opened = openWithKeys(ctx);
    if (!opened)
        return fail(opened.error());
    auto& [o, ring] = opened.value();
    auto printer = progressPrinter(QStringLiteral("Verifying accounts"));
    auto report = o.db->call(
        [&](pqxx::connection_base& c) { return records::verifyAll(c, *ring, [&](qint64 done) { printer(done, 0); }); });
    if (isatty(STDERR_FILENO))
        err() << Qt::endl;
    if (!report)
        return fail(report.error());
    for (const PlainRecord& f : report->failures)
        out() << "FAILED account " << f.accountId << (f.id ? QStringLiteral(" record %1").arg(f.id) : QString()) << ": "
              << f.error << '\n';
    out() << report->accounts << " accounts, " << report->records << " records checked, " << report->failures.size()
          << " failed authentication." << Qt::endl;
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
    for (qint64 id : found.value())
        out() << id << '\n';
    out().flush();
    return found->isEmpty() ? Failed : Ok;
}

} // namespace

QList<Command> recordsCommands()
{
    const QString group = QStringLiteral("records");
    return {
        Command(group, QStringLiteral("verify"), Needs::Unlock,
                QStringLiteral("Checks that every record you may read decrypts and authenticates."), verify)
            .withDetails(QStringLiteral("Prints each record that fails, then the counts; exit code 1 when any "
                                        "failed. The read is audited.")),
        Command(group, QStringLiteral("find"), Needs::Unlock,
                QStringLiteral("Prints the ids of the accounts with exactly this e-mail address or phone."), find)
            .withDetails(QStringLiteral("An audited request, limited per hour for a sysadmin; exit code 1 when no "
                                        "account matches."))
            .withOptions({
                Option::text(QStringLiteral("email"), QStringLiteral("ADDRESS"), QStringLiteral("The e-mail address.")),
                Option::text(QStringLiteral("phone"), QStringLiteral("NUMBER"), QStringLiteral("The phone number.")),
            })
            .withExactlyOneOf({ QStringLiteral("email"), QStringLiteral("phone") }),
    };
}

} // namespace art32::ctl
