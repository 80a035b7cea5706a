// demo: the embedded demo database (DemoCluster): set up, seed, state, stop, remove, and its admins' codes.
#include "Support.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "store/Profile.h"

#include <algorithm>

namespace art32::ctl {
namespace {

const QString kGroup = QStringLiteral("demo");

/** The most accounts one seed adds (about 26 GB on the demo's disk): a typo of a few digits fills no disk. */
constexpr qint64 kMostAccounts = 10'000'000;
/**
 * What one seeded account takes on disk with its records, keys, blind indexes and their indexes, estimated from
 * the row sizes (a few contacts of six records each, about 80-byte envelopes, account_keys at fillfactor 50) and
 * rounded up: the estimate seed prints before it starts, not a promise.
 */
constexpr qint64 kBytesPerAccount = 2600;

QString estimatedSize(qint64 accounts)
{
    const double bytes = static_cast<double>(accounts) * static_cast<double>(kBytesPerAccount);
    if (bytes >= 1e9)
        return QStringLiteral("%1 GB").arg(bytes / 1e9, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(std::max(1.0, bytes / 1e6), 0, 'f', 0);
}

/** Seeds, after saying how much disk it will take and where; a lost connection says what stays. */
Result<qint64> seedDemo(DemoCluster& cluster, Keychain& keychain, qint64 accounts)
{
    workingOnDemo(cluster.directory(), cluster.logFile());
    printStep(QStringLiteral("adding %1 accounts: about %2 on the disk of %3")
                  .arg(accounts)
                  .arg(estimatedSize(accounts), cluster.directory()));
    auto written = cluster.seed(keychain, accounts, progressPrinter(QStringLiteral("Seeding accounts")));
    if (!written)
        return afterBatches(written.error(),
                            QStringLiteral("Accounts are added in batches of 5,000, each one transaction: the batches "
                                           "finished before stay, the one in progress was rolled back. It is safe to "
                                           "run demo seed again (it adds new accounts; demo status shows the demo)."));
    return written;
}

int up(const Context&, const Args& args)
{
    DemoCluster cluster;
    ProfileStore profiles;
    Keychain keychain;
    auto r = cluster.up(profiles, keychain, printStep, printEnrollment);
    if (!r)
        return fail(r.error());
    if (const qint64 accounts = args.number(QStringLiteral("accounts")); accounts > 0) {
        auto written = seedDemo(cluster, keychain, accounts);
        if (!written)
            return fail(written.error());
    }
    out() << "Demo database is up. Profiles: demo_cto, demo_sysadmin, demo_auditor; socket: "
          << cluster.socketDirectory() << "\nCurrent code: art32ctl demo code --admin demo_cto" << Qt::endl;
    return Ok;
}

int seed(const Context&, const Args& args)
{
    Keychain keychain;
    DemoCluster cluster;
    auto written = seedDemo(cluster, keychain, args.number(QStringLiteral("accounts")));
    if (!written)
        return fail(written.error());
    out() << written.value() << " accounts added to the demo." << Qt::endl;
    return Ok;
}

int status(const Context&, const Args&)
{
    auto s = DemoCluster().state();
    if (!s)
        return fail(s.error());
    out() << "directory: " << s->directory << '\n'
          << "server user: " << s->serverUser << '\n'
          << "initialised: " << (s->initialised ? "yes" : "no") << '\n'
          << "running: " << (s->running ? "yes" : "no") << '\n';
    if (s->schemaKnown)
        out() << "schema: " << describeSchema(s->schema) << '\n';
    ProfileStore profiles;
    QStringList present;
    for (const auto& admin : DemoCluster::kAdmins) {
        if (profiles.find(QLatin1String(admin.login)))
            present << QLatin1String(admin.login);
    }
    out() << "profiles: " << (present.isEmpty() ? QStringLiteral("(none)") : present.join(QStringLiteral(", ")))
          << Qt::endl;
    return s->running ? Ok : NotRunning;
}

int down(const Context&, const Args&)
{
    if (auto r = DemoCluster().down(); !r)
        return fail(r.error());
    out() << "Demo database stopped." << Qt::endl;
    return Ok;
}

int destroy(const Context&, const Args&)
{
    ProfileStore profiles;
    Keychain keychain;
    if (auto r = DemoCluster().destroy(profiles, keychain); !r)
        return fail(r.error());
    out() << "Demo database, profiles and keychain entries removed." << Qt::endl;
    return Ok;
}

/** A value the shell reads back as it is: in single quotes, each ' written as '\''. */
QString shellQuoted(const QString& value)
{
    return QLatin1Char('\'') + QString(value).replace(QLatin1String("'"), QLatin1String("'\\''")) + QLatin1Char('\'');
}

int env(const Context&, const Args&)
{
    // The maintenance role: peer authentication for the OS user who ran demo up, so psql needs no password (the
    // admins' passwords live in the keychain only).
    const Profile p = DemoCluster().maintenanceProfile(QLatin1String(DemoCluster::kDatabase));
    out() << "# eval \"$(art32ctl demo env)\"; psql   (as the demo's maintenance role " << p.user << ")\n"
          << "export PGHOST=" << shellQuoted(p.host) << '\n'
          << "export PGPORT=" << shellQuoted(p.port) << '\n'
          << "export PGDATABASE=" << shellQuoted(p.database) << '\n'
          << "export PGUSER=" << shellQuoted(p.user) << Qt::endl;
    return Ok;
}

int code(const Context&, const Args& args)
{
    auto p = ProfileStore().find(args.value(QStringLiteral("admin")));
    if (!p)
        return fail(p.error());
    Keychain keychain;
    auto code = DemoCluster::demoCode(p.value(), keychain, static_cast<int>(args.number(QStringLiteral("step"))));
    if (!code)
        return fail(code.error());
    out() << code.value() << Qt::endl;
    return Ok;
}

} // namespace

QList<Command> demoCommands()
{
    const auto command = [](const char* name, const QString& summary, Command::Run run) {
        return Command(kGroup, QLatin1String(name), Needs::Nothing, summary, std::move(run));
    };
    return {
        command("up", QStringLiteral("Creates or starts the embedded demo database, its three admins and profiles."),
                up)
            .withDetails(QStringLiteral("Prints each new admin's authenticator URI and QR code; running it again on "
                                        "a demo that is up changes nothing."))
            .withOptions({ Option::number(QStringLiteral("accounts"), QStringLiteral("N"),
                                          QStringLiteral("Fake customers to add once it is up."), 0, kMostAccounts)
                               .withDefault(QStringLiteral("0")) }),
        command("seed", QStringLiteral("Adds fake Dutch customers to the demo database."), seed)
            .withDetails(QStringLiteral("Prints the disk space it will take first (about %1 for 1,000,000 "
                                        "accounts); at most 10,000,000 accounts a run (about %2).")
                             .arg(estimatedSize(1'000'000), estimatedSize(kMostAccounts)))
            .withOptions({ Option::number(QStringLiteral("accounts"), QStringLiteral("N"),
                                          QStringLiteral("How many accounts to add."), 1, kMostAccounts)
                               .require() }),
        command("status", QStringLiteral("Shows where the demo lives, whether it runs, its schema and profiles."),
                status)
            .withDetails(QStringLiteral("Exit code 3 when the demo server is not running (as pg_ctl status).")),
        command("down", QStringLiteral("Stops the demo server; its data stays."), down),
        command("destroy", QStringLiteral("Removes the demo database, its profiles and its keychain entries."),
                destroy),
        command("env",
                QStringLiteral("Prints export lines of PGHOST, PGPORT, PGDATABASE and PGUSER (the maintenance role) "
                               "for eval and psql."),
                env),
        command("code", QStringLiteral("Prints a demo admin's current TOTP code, as an authenticator would."), code)
            .withDetails(QStringLiteral("Only for demo profiles. The server accepts the next period's code too: "
                                        "--step 1 gives a fresh code when this one was used (larger steps are for "
                                        "tests that move the demo server's clock)."))
            .withOptions({
                Option::text(QStringLiteral("admin"), QStringLiteral("LOGIN"), QStringLiteral("The demo admin."))
                    .withDefault(QLatin1String(DemoCluster::kDefaultProfile)),
                Option::number(QStringLiteral("step"), QStringLiteral("N"),
                               QStringLiteral("Time steps of 30 s ahead of the current one."), 0, 4)
                    .withDefault(QStringLiteral("0")),
            }),
    };
}

} // namespace art32::ctl
