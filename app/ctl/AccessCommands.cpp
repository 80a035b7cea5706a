// access: just-in-time grants of a sysadmin to one account's plaintext: list, grant, revoke.
#include "Support.h"
#include "records/Grants.h"

#include <QDateTime>

namespace art32::ctl {
namespace {

int list(const Context& ctx, const Args& args)
{
    const bool activeOnly = args.isSet(QStringLiteral("active"));
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto listed = o->db->call([&](pqxx::connection_base& c) { return grants::list(c, activeOnly); });
    if (!listed)
        return fail(listed.error());
    for (const AccessGrant& g : listed.value()) {
        out() << g.id << '\t' << g.admin << "\taccount " << g.accountId << '\t' << grants::stateName(g.state)
              << "\tuntil " << g.expiresAt.toLocalTime().toString(Qt::ISODate) << "\tby " << g.grantedBy << '\t'
              << g.reason << '\n';
    }
    out() << listed->size() << " grant(s)." << Qt::endl;
    return Ok;
}

int grant(const Context& ctx, const Args& args)
{
    const QString admin = args.value(QStringLiteral("admin"));
    // The server's rules, checked here first: a value it would refuse never costs a code.
    const qsizetype reason = args.value(QStringLiteral("reason")).trimmed().size();
    if (reason < 5 || reason > 500)
        return fail({ QStringLiteral("args.invalid"),
                      QStringLiteral("--reason takes 5 to 500 characters (a ticket number, say), not %1; nothing was "
                                     "sent.")
                          .arg(reason) });
    if (auto login = checkedLogin(admin); !login)
        return fail(login.error());
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto granted = o->db->call([&](pqxx::connection_base& c) {
        return grants::grant(c, admin, args.number(QStringLiteral("account")), args.value(QStringLiteral("reason")),
                             static_cast<int>(args.number(QStringLiteral("minutes"))));
    });
    if (!granted)
        return fail(granted.error());
    out() << admin << " may read account " << args.value(QStringLiteral("account")) << " for "
          << args.value(QStringLiteral("minutes")) << " minutes (grant " << granted.value() << ")." << Qt::endl;
    return Ok;
}

int revoke(const Context& ctx, const Args& args)
{
    const QString id = args.value(QStringLiteral("grant"));
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto revoked = o->db->call(
        [&](pqxx::connection_base& c) { return grants::revoke(c, args.number(QStringLiteral("grant"))); });
    if (!revoked)
        return fail(revoked.error());
    if (!revoked.value())
        return fail({ QStringLiteral("grant.ended"),
                      QStringLiteral("Grant %1 had already ended (expired or revoked); nothing changed.").arg(id) });
    out() << "Grant " << id << " revoked." << Qt::endl;
    return Ok;
}

} // namespace

QList<Command> accessCommands()
{
    const qint64 maxId = std::numeric_limits<qint64>::max();
    const auto command = [](const char* name, const QString& summary, Command::Run run) {
        return Command(QStringLiteral("access"), QLatin1String(name), Needs::Unlock, summary, std::move(run));
    };
    return {
        command("list", QStringLiteral("Lists the access grants you may see, newest first, with their state."), list)
            .withOptions(
                { Option::flag(QStringLiteral("active"), QStringLiteral("Leave out expired and revoked grants.")) }),
        command("grant", QStringLiteral("A CTO lets a sysadmin read one account's personal data for a while."), grant)
            .withDetails(QStringLiteral("Audited with its reason; the server accepts at most 7 days."))
            .withOptions({
                Option::text(QStringLiteral("admin"), QStringLiteral("SYSADMIN"),
                             QStringLiteral("The sysadmin's login."))
                    .require(),
                Option::number(QStringLiteral("account"), QStringLiteral("ID"), QStringLiteral("The account."), 1,
                               maxId)
                    .require(),
                Option::text(QStringLiteral("reason"), QStringLiteral("TEXT"),
                             QStringLiteral("Why, e.g. a ticket number."))
                    .require(),
                Option::number(QStringLiteral("minutes"), QStringLiteral("N"),
                               QStringLiteral("How long the grant lasts."), 1, std::numeric_limits<int>::max())
                    .withDefault(QStringLiteral("60")),
            }),
        command("revoke", QStringLiteral("A CTO ends a grant before it expires."), revoke)
            .withDetails(QStringLiteral("Exit code 7 (not found) when the grant had already ended."))
            .withOptions({ Option::number(QStringLiteral("grant"), QStringLiteral("ID"),
                                          QStringLiteral("The grant's id, from access list."), 1, maxId)
                               .require() }),
    };
}

} // namespace art32::ctl
