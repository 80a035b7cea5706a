#include "Commands.h"

#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/Profile.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <cstdio>
#include <optional>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

namespace art32::ctl {
namespace {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

int fail(const Error& e)
{
    err() << "art32ctl: " << e.message << Qt::endl;
    return Failed;
}

int usage(const QString& text)
{
    err() << "usage: " << text << Qt::endl;
    return Usage;
}

void printStep(const QString& step)
{
    err() << "… " << step << Qt::endl;
}

/** Parses a sub-command's own options; the first word is the sub-command. */
bool parse(QCommandLineParser& parser, const QString& command, const QStringList& args)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList { QStringLiteral("art32ctl ") + command } + args)) {
        err() << "art32ctl: " << parser.errorText() << Qt::endl;
        return false;
    }
    return true;
}

QString describeSchema(const SchemaStatus& s)
{
    QString text = QStringLiteral("schema version %1 of %2").arg(s.current).arg(s.latest);
    if (s.databaseNewer())
        text += QStringLiteral(" (database is newer than this program)");
    else if (!s.pending.isEmpty())
        text += QStringLiteral(" (%1 pending)").arg(s.pending.size());
    else
        text += QStringLiteral(" (up to date)");
    if (!s.modified.isEmpty())
        text += QStringLiteral("; warning: applied migrations changed since: %1").arg([&] {
            QStringList l;
            for (int v : s.modified)
                l << QString::number(v);
            return l.join(QStringLiteral(", "));
        }());
    return text;
}

/** Reads a line without echo when stdin is a terminal; otherwise reads stdin as it comes. */
SecureBytes readSecretLine(const QString& prompt)
{
    const bool tty = isatty(STDIN_FILENO);
    termios saved {};
    if (tty) {
        err() << prompt << Qt::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    SecureBytes buffer(1024);
    std::size_t n = 0;
    int c;
    while ((c = std::getchar()) != EOF && c != '\n' && n < buffer.size())
        buffer.data()[n++] = static_cast<unsigned char>(c);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        err() << Qt::endl;
    }
    if (n > 0 && buffer.data()[n - 1] == '\r')
        --n;
    SecureBytes secret(n);
    if (n)
        memcpy(secret.data(), buffer.data(), n);
    return secret;
}

Result<Profile> chosenProfile(const Context& ctx)
{
    ProfileStore profiles;
    const QString name = ctx.profile.isEmpty() ? QString::fromLatin1(DemoCluster::kProfileName) : ctx.profile;
    return profiles.find(name);
}

/** Connects as the profile's user with its password from the keychain; the demo as its maintenance role. */
Result<void> openForMaintenance(const Profile& p, std::optional<Database>& db)
{
    if (p.demo) {
        db.emplace(DemoCluster().maintenanceProfile(p.database));
        return db->openWithoutPassword();
    }
    Keychain keychain;
    Keychain::Reply pw = keychain.readNow(p.passwordKey());
    if (!pw.ok())
        return Error { QStringLiteral("keychain.read"), pw.message };
    db.emplace(p);
    auto r = db->open(SecureBytes::fromByteArray(pw.secret));
    wipe(pw.secret);
    return r;
}

} // namespace

int demo(const Context&, const QStringList& args)
{
    const QString sub = args.value(0);
    DemoCluster cluster;
    ProfileStore profiles;
    Keychain keychain;

    if (sub == QLatin1String("up")) {
        auto r = cluster.up(profiles, keychain, printStep);
        if (!r)
            return fail(r.error());
        out() << "Demo database is up. Profile: " << r->name << ", socket: " << r->host << Qt::endl;
        return Ok;
    }
    if (sub == QLatin1String("status")) {
        auto s = cluster.state();
        if (!s)
            return fail(s.error());
        out() << "directory: " << s->directory << '\n'
              << "server user: " << s->serverUser << '\n'
              << "initialised: " << (s->initialised ? "yes" : "no") << '\n'
              << "running: " << (s->running ? "yes" : "no") << '\n';
        if (s->schemaKnown)
            out() << "schema: " << describeSchema(s->schema) << '\n';
        out() << "profile: " << (profiles.find(QLatin1String(DemoCluster::kProfileName)) ? "demo" : "(none)")
              << Qt::endl;
        return s->running ? Ok : 3; // like pg_ctl status: 3 = not running
    }
    if (sub == QLatin1String("down")) {
        if (auto r = cluster.down(); !r)
            return fail(r.error());
        out() << "Demo database stopped." << Qt::endl;
        return Ok;
    }
    if (sub == QLatin1String("destroy")) {
        if (auto r = cluster.destroy(profiles, keychain); !r)
            return fail(r.error());
        out() << "Demo database, profile and keychain entry removed." << Qt::endl;
        return Ok;
    }
    if (sub == QLatin1String("env")) {
        const Profile p = cluster.profile();
        out() << "PGHOST=" << p.host << '\n'
              << "PGPORT=" << p.port << '\n'
              << "PGDATABASE=" << p.database << '\n'
              << "PGUSER=" << p.user << Qt::endl;
        return Ok;
    }
    return usage(QStringLiteral("art32ctl demo up|status|down|destroy|env"));
}

int db(const Context& ctx, const QStringList& args)
{
    const QString sub = args.value(0);
    if (sub != QLatin1String("status") && sub != QLatin1String("migrate"))
        return usage(QStringLiteral("art32ctl [--profile NAME] db status|migrate"));
    auto profile = chosenProfile(ctx);
    if (!profile)
        return fail(profile.error());
    std::optional<Database> database;
    if (auto r = openForMaintenance(profile.value(), database); !r)
        return fail(r.error());

    Migrator migrator;
    if (sub == QLatin1String("status")) {
        auto s = database->run([&](pqxx::connection& c) { return migrator.status(c); });
        if (!s)
            return fail(s.error());
        if (!s.value())
            return fail(s.value().error());
        out() << profile->name << ": " << describeSchema(s.value().value()) << Qt::endl;
        return s.value()->databaseNewer() ? Failed : Ok;
    }
    auto s = database->run([&](pqxx::connection& c) {
        return migrator.migrate(c, [](int done, int total, const Migration& m) {
            printStep(QStringLiteral("applied %1 (%2 of %3)").arg(m.label()).arg(done).arg(total));
        });
    });
    if (!s)
        return fail(s.error());
    if (!s.value())
        return fail(s.value().error());
    out() << profile->name << ": " << describeSchema(s.value().value()) << Qt::endl;
    return Ok;
}

int profile(const Context&, const QStringList& args)
{
    const QString sub = args.value(0);
    ProfileStore profiles;
    if (sub == QLatin1String("list")) {
        for (const Profile& p : profiles.all())
            out() << p.name << '\t' << p.user << '@' << (p.host.isEmpty() ? QStringLiteral("(default socket)") : p.host)
                  << ':' << p.port << '/' << p.database << (p.demo ? "\t(demo)" : "") << '\n';
        out().flush();
        return Ok;
    }
    if (sub == QLatin1String("show")) {
        auto p = profiles.find(args.value(1));
        if (!p)
            return fail(p.error());
        out() << "name: " << p->name << "\nhost: " << p->host << "\nport: " << p->port << "\ndatabase: " << p->database
              << "\nuser: " << p->user << "\nsslmode: " << p->sslMode << "\nsslrootcert: " << p->sslRootCert
              << "\ndemo: " << (p->demo ? "yes" : "no") << Qt::endl;
        return Ok;
    }
    if (sub == QLatin1String("add")) {
        QCommandLineParser parser;
        const QCommandLineOption name(QStringLiteral("name"), QString(), QStringLiteral("name"));
        const QCommandLineOption host(QStringLiteral("host"), QString(), QStringLiteral("host"));
        const QCommandLineOption port(QStringLiteral("port"), QString(), QStringLiteral("port"),
                                      QStringLiteral("5432"));
        const QCommandLineOption dbname(QStringLiteral("database"), QString(), QStringLiteral("db"));
        const QCommandLineOption user(QStringLiteral("user"), QString(), QStringLiteral("user"));
        const QCommandLineOption sslmode(QStringLiteral("sslmode"), QString(), QStringLiteral("mode"));
        const QCommandLineOption rootcert(QStringLiteral("sslrootcert"), QString(), QStringLiteral("file"));
        parser.addOptions({ name, host, port, dbname, user, sslmode, rootcert });
        if (!parse(parser, QStringLiteral("profile add"), args.mid(1)))
            return Usage;
        Profile p;
        p.name = parser.value(name);
        p.host = parser.value(host);
        p.port = parser.value(port);
        p.database = parser.value(dbname);
        p.user = parser.value(user);
        p.sslMode = parser.value(sslmode);
        p.sslRootCert = parser.value(rootcert);
        if (auto r = profiles.save(p); !r)
            return fail(r.error());
        out() << "Profile " << p.name << " saved. Store its password with: art32ctl profile set-password " << p.name
              << Qt::endl;
        return Ok;
    }
    if (sub == QLatin1String("remove")) {
        auto p = profiles.find(args.value(1));
        if (!p)
            return fail(p.error());
        profiles.remove(p->name);
        Keychain keychain;
        const auto removed = keychain.removeNow(p->passwordKey());
        if (!removed.ok() && removed.status != Keychain::Status::NotFound)
            return fail({ QStringLiteral("keychain.remove"), removed.message });
        out() << "Profile " << p->name << " removed." << Qt::endl;
        return Ok;
    }
    if (sub == QLatin1String("set-password")) {
        auto p = profiles.find(args.value(1));
        if (!p)
            return fail(p.error());
        SecureBytes password = readSecretLine(QStringLiteral("Database password for %1: ").arg(p->user));
        if (password.isEmpty())
            return fail({ QStringLiteral("password.empty"), QStringLiteral("No password given; nothing changed.") });
        Keychain keychain;
        const auto written = keychain.writeNow(p->passwordKey(), password.view());
        if (!written.ok())
            return fail({ QStringLiteral("keychain.write"), written.message });
        out() << "Password for profile " << p->name << " stored in the keychain." << Qt::endl;
        return Ok;
    }
    return usage(QStringLiteral("art32ctl profile list|show NAME|add --name N --host H [--port P] --database D "
                                "--user U [--sslmode M] [--sslrootcert F]|remove NAME|set-password NAME"));
}

} // namespace art32::ctl
