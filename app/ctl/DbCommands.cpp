// db: the schema version of a profile's database, and migrating it.
#include "Support.h"
#include "store/Database.h"
#include "store/Migrator.h"

namespace art32::ctl {
namespace {

/** Runs work on the chosen profile's database, opened for maintenance. */
int withDatabase(const Context& ctx, const std::function<int(const Profile&, Database&)>& work)
{
    auto profile = chosenProfile(ctx);
    if (!profile)
        return fail(profile.error());
    std::optional<Database> database;
    if (auto r = openForMaintenance(profile.value(), database); !r)
        return fail(r.error());
    return work(profile.value(), *database);
}

int status(const Context& ctx, const Args&)
{
    return withDatabase(ctx, [](const Profile& profile, Database& database) -> int {
        auto s = database.call([](pqxx::connection_base& c) { return Migrator().status(c); });
        if (!s)
            return fail(s.error());
        out() << profile.name << ": " << describeSchema(s.value()) << Qt::endl;
        return s->databaseNewer() ? Failed : Ok;
    });
}

int migrate(const Context& ctx, const Args&)
{
    return withDatabase(ctx, [](const Profile& profile, Database& database) -> int {
        auto s = database.call([](pqxx::connection_base& c) {
            return Migrator().migrate(c, [](int done, int total, const Migration& m) {
                printStep(QStringLiteral("applied %1 (%2 of %3)").arg(m.label()).arg(done).arg(total));
            });
        });
        if (!s)
            return fail(s.error());
        out() << profile.name << ": " << describeSchema(s.value()) << Qt::endl;
        return Ok;
    });
}

} // namespace

QList<Command> dbCommands()
{
    const QString group = QStringLiteral("db");
    return {
        Command(group, QStringLiteral("status"), Needs::Profile,
                QStringLiteral("Shows the schema version of the profile's database and what is pending."), status)
            .withDetails(QStringLiteral("Exit code 1 when the database is newer than this program.")),
        Command(group, QStringLiteral("migrate"), Needs::Profile,
                QStringLiteral("Applies the pending migrations to the profile's database."), migrate),
    };
}

} // namespace art32::ctl
