#include "Commands.h"

#include "auth/Enrollment.h"
#include "auth/KeyAdmin.h"
#include "auth/KeyRing.h"
#include "auth/QrCode.h"
#include "auth/Totp.h"
#include "auth/Unlock.h"
#include "core/Clock.h"
#include "crypto/Keys.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "records/Grants.h"
#include "records/RecordStore.h"
#include "records/Rotation.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/Profile.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <csignal>
#include <cstdio>
#include <optional>
#include <pqxx/result>
#include <pqxx/transaction>
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
    const QString name = ctx.profile.isEmpty() ? QString::fromLatin1(DemoCluster::kDefaultProfile) : ctx.profile;
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

/**
 * The TOTP code: `--code -` reads one line from stdin; no --code asks on the terminal without echo (or reads
 * stdin when it is no terminal). A code given on the command line still works, with a warning: every local
 * user can read it in /proc/PID/cmdline while the command runs.
 */
QString totpCode(const Context& ctx, const QString& prompt)
{
    if (!ctx.code.isEmpty() && ctx.code != QLatin1String("-")) {
        err() << "art32ctl: a code given as --code CODE is visible to other local users; use --code - (stdin) "
                 "or type it at the prompt."
              << Qt::endl;
        return ctx.code;
    }
    if (ctx.code.isEmpty() && isatty(STDIN_FILENO)) {
        const SecureBytes typed = readSecretLine(prompt);
        return QString::fromLatin1(typed.view()).trimmed();
    }
    return QTextStream(stdin).readLine().trimmed();
}

struct Opened
{
    std::unique_ptr<Database> db;
    WhoAmI me;
};

/** Connects with the profile's password from the keychain and reads who this login is. */
Result<Opened> connectProfile(const Context& ctx)
{
    auto profile = chosenProfile(ctx);
    if (!profile)
        return profile.error();
    Keychain keychain;
    Keychain::Reply pw = keychain.readNow(profile->passwordKey());
    if (!pw.ok())
        return Error { QStringLiteral("keychain.read"), pw.message };
    Opened o;
    o.db = std::make_unique<Database>(profile.value());
    auto r = o.db->open(SecureBytes::fromByteArray(pw.secret));
    wipe(pw.secret);
    if (!r)
        return r.error();
    auto me = o.db->call([](pqxx::connection_base& c) { return unlock::whoami(c); });
    if (!me)
        return me.error();
    o.me = me.value();
    return o;
}

/** Connects and unlocks with the TOTP code (--code, else asked for). A login that is no admin (a DBA's
 * superuser profile, for bootstrap) stays as it is: the server decides what it may do. */
Result<Opened> openUnlocked(const Context& ctx)
{
    auto o = connectProfile(ctx);
    if (!o || !o->me.isAdmin())
        return o;
    if (!o->me.enrolled)
        return Error { QStringLiteral("unlock.not_enrolled"),
                       QStringLiteral("%1 is not enrolled yet: run `art32ctl --profile %2 admin enroll` first.")
                           .arg(o->me.login, o->db->profile().name) };
    const QString code = totpCode(ctx, QStringLiteral("TOTP code for %1: ").arg(o->me.login));
    auto outcome = o->db->call([&](pqxx::connection_base& c) { return unlock::unlockSession(c, code); });
    if (!outcome)
        return outcome.error();
    if (!outcome->ok())
        return Error { QStringLiteral("unlock.refused"), outcome->message() };
    return o;
}

/** The admin's private key from the keychain, checked against the public key the server holds. */
Result<SecureBytes> privateKey(const Opened& o)
{
    Keychain keychain;
    Keychain::Reply r = keychain.readNow(o.db->profile().privateKeyKey());
    if (!r.ok())
        return Error { QStringLiteral("keychain.read"), r.message };
    SecureBytes key = SecureBytes::fromByteArray(r.secret);
    wipe(r.secret);
    if (keys::publicKeyOf(key) != o.me.publicKey)
        return Error { QStringLiteral("keys.mismatch"),
                       QStringLiteral("The private key in this keychain does not belong to %1's enrolled public key.")
                           .arg(o.me.login) };
    return key;
}

void printEnrollment(const QString& login, const QString& uri)
{
    out() << "\nAuthenticator for " << login << ":\n" << uri << '\n';
    if (auto qr = QrCode::encode(uri))
        out() << qr->toTerminalText();
    out().flush();
}

/** Progress on a terminal: one line rewritten in place; elsewhere a line every tenth of the work. */
std::function<void(qint64, qint64)> progressPrinter(const QString& what)
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    auto lastTenth = std::make_shared<qint64>(-1);
    const bool tty = isatty(STDERR_FILENO);
    return [=](qint64 done, qint64 total) {
        const double seconds = static_cast<double>(timer->elapsed()) / 1000.0;
        // total <= 0: the amount is not known in advance; show what is done so far.
        const QString line = total > 0
            ? QStringLiteral("%1: %2 of %3 (%4%), %5 s")
                  .arg(what)
                  .arg(done)
                  .arg(total)
                  .arg(100.0 * static_cast<double>(done) / static_cast<double>(total), 0, 'f', 1)
                  .arg(seconds, 0, 'f', 1)
            : QStringLiteral("%1: %2 so far, %3 s").arg(what).arg(done).arg(seconds, 0, 'f', 1);
        if (tty) {
            err() << '\r' << line << (total > 0 && done >= total ? "\n" : "") << Qt::flush;
        } else if (total <= 0 || done * 10 / total != *lastTenth) {
            *lastTenth = total > 0 ? done * 10 / total : -1;
            err() << line << Qt::endl;
        }
    };
}

} // namespace

int demo(const Context&, const QStringList& args)
{
    const QString sub = args.value(0);
    DemoCluster cluster;
    ProfileStore profiles;
    Keychain keychain;

    if (sub == QLatin1String("up") || sub == QLatin1String("seed")) {
        QCommandLineParser parser;
        const QCommandLineOption accountsOption(QStringLiteral("accounts"), QString(), QStringLiteral("N"),
                                                QStringLiteral("0"));
        parser.addOption(accountsOption);
        if (!parse(parser, QStringLiteral("demo ") + sub, args.mid(1)))
            return Usage;
        bool ok = false;
        const qint64 accounts = parser.value(accountsOption).toLongLong(&ok);
        if (!ok || accounts < 0 || (sub == QLatin1String("seed") && accounts == 0))
            return usage(QStringLiteral("art32ctl demo up [--accounts N] | demo seed --accounts N"));
        if (sub == QLatin1String("seed")) {
            auto written = cluster.seed(keychain, accounts, progressPrinter(QStringLiteral("Seeding accounts")));
            if (!written)
                return fail(written.error());
            out() << written.value() << " accounts added to the demo." << Qt::endl;
            return Ok;
        }
        auto r = cluster.up(profiles, keychain, printStep, printEnrollment);
        if (!r)
            return fail(r.error());
        if (accounts > 0) {
            auto written = cluster.seed(keychain, accounts, progressPrinter(QStringLiteral("Seeding accounts")));
            if (!written)
                return fail(written.error());
        }
        out() << "Demo database is up. Profiles: demo_cto, demo_sysadmin, demo_auditor; socket: "
              << cluster.socketDirectory() << "\nCurrent code: art32ctl demo code --admin demo_cto" << Qt::endl;
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
        QStringList present;
        for (const auto& admin : DemoCluster::kAdmins) {
            if (profiles.find(QLatin1String(admin.login)))
                present << QLatin1String(admin.login);
        }
        out() << "profiles: " << (present.isEmpty() ? QStringLiteral("(none)") : present.join(QStringLiteral(", ")))
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
        out() << "Demo database, profiles and keychain entries removed." << Qt::endl;
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
    if (sub == QLatin1String("code")) {
        QCommandLineParser parser;
        const QCommandLineOption adminOption(QStringLiteral("admin"), QString(), QStringLiteral("login"),
                                             QString::fromLatin1(DemoCluster::kDefaultProfile));
        // The server accepts the next period's code too: --step 1 gives a fresh code when this one was used
        // (larger steps are for tests that move the demo server's clock).
        const QCommandLineOption stepOption(QStringLiteral("step"), QString(), QStringLiteral("0..4"),
                                            QStringLiteral("0"));
        parser.addOptions({ adminOption, stepOption });
        if (!parse(parser, QStringLiteral("demo code"), args.mid(1)))
            return Usage;
        auto p = profiles.find(parser.value(adminOption));
        if (!p)
            return fail(p.error());
        const int step = parser.value(stepOption).toInt();
        if (step < 0 || step > 4)
            return usage(QStringLiteral("art32ctl demo code [--admin LOGIN] [--step 0..4]"));
        auto code = DemoCluster::demoCode(p.value(), keychain, step);
        if (!code)
            return fail(code.error());
        out() << code.value() << Qt::endl;
        return Ok;
    }
    return usage(QStringLiteral(
        "art32ctl demo up [--accounts N]|seed --accounts N|status|down|destroy|env|code [--admin LOGIN]"));
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
        auto s = database->run([&](pqxx::connection_base& c) { return migrator.status(c); });
        if (!s)
            return fail(s.error());
        if (!s.value())
            return fail(s.value().error());
        out() << profile->name << ": " << describeSchema(s.value().value()) << Qt::endl;
        return s.value()->databaseNewer() ? Failed : Ok;
    }
    auto s = database->run([&](pqxx::connection_base& c) {
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

namespace art32::ctl {

namespace {
Result<std::pair<Opened, std::shared_ptr<KeyRing>>> openWithKeys(const Context& ctx);
std::atomic_bool g_interrupted { false };
extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}
} // namespace

int keys(const Context& ctx, const QStringList& args)
{
    if (args.value(0) == QLatin1String("rotate")) {
        QCommandLineParser parser;
        const QCommandLineOption kek(QStringLiteral("kek"), QString());
        const QCommandLineOption index(QStringLiteral("index"), QString());
        parser.addOptions({ kek, index });
        if (!parse(parser, QStringLiteral("keys rotate"), args.mid(1)) || parser.isSet(kek) == parser.isSet(index))
            return usage(QStringLiteral("art32ctl --profile CTO [--code -] keys rotate --kek | --index"));
        auto opened = openWithKeys(ctx);
        if (!opened)
            return fail(opened.error());
        auto& [o, ring] = opened.value();
        // Ctrl+C stops after the current batch; running the command again resumes.
        std::signal(SIGINT, onInterrupt);
        auto printer = progressPrinter(parser.isSet(kek) ? QStringLiteral("Re-wrapping account keys")
                                                         : QStringLiteral("Recomputing blind indexes"));
        auto outcome = o.db->call([&](pqxx::connection_base& c) {
            return parser.isSet(kek) ? rotation::rotateKek(c, *ring, o.me.publicKey, printer, &g_interrupted)
                                     : rotation::rotateIndexKey(c, *ring, o.me.publicKey, printer, &g_interrupted);
        });
        std::signal(SIGINT, SIG_DFL);
        if (!outcome)
            return fail(outcome.error());
        if (!outcome->finished) {
            out() << "Interrupted after " << outcome->rowsMoved << " rows; every record stays readable. Run the same "
                  << "command again to resume." << Qt::endl;
            return Failed;
        }
        out() << (parser.isSet(kek) ? "KEK" : "Index key") << " rotated from version " << outcome->fromVersion << " to "
              << outcome->toVersion << " (" << outcome->rowsMoved << " rows)." << Qt::endl;
        return Ok;
    }
    if (args.value(0) != QLatin1String("init"))
        return usage(QStringLiteral("art32ctl --profile CTO [--code -] keys init | rotate --kek | --index"));
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto key = privateKey(o.value());
    if (!key)
        return fail(key.error());
    const SecureBytes kek = keys::randomKey();
    const SecureBytes index = keys::randomKey();
    auto r = o->db->call(
        [&](pqxx::connection_base& c) { return keyadmin::initialiseKeys(c, kek, index, o->me.publicKey); });
    if (!r)
        return fail(r.error());
    out() << "KEK version 1 and the index key are created and sealed to " << o->me.login << '.' << Qt::endl;
    return Ok;
}

int admin(const Context& ctx, const QStringList& args)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("create")) {
        QCommandLineParser parser;
        const QCommandLineOption name(QStringLiteral("name"), QString(), QStringLiteral("login"));
        const QCommandLineOption role(QStringLiteral("role"), QString(), QStringLiteral("cto|sysadmin|auditor"));
        const QCommandLineOption display(QStringLiteral("display-name"), QString(), QStringLiteral("text"));
        parser.addOptions({ name, role, display });
        if (!parse(parser, QStringLiteral("admin create"), args.mid(1)))
            return Usage;
        if (parser.value(name).isEmpty() || parser.value(role).isEmpty())
            return usage(QStringLiteral("art32ctl --profile CTO admin create --name LOGIN --role cto|sysadmin|auditor "
                                        "[--display-name TEXT]   (the initial password is read from stdin)"));
        auto o = openUnlocked(ctx);
        if (!o)
            return fail(o.error());
        const SecureBytes password
            = readSecretLine(QStringLiteral("Initial database password for %1: ").arg(parser.value(name)));
        if (password.size() < 12)
            return fail({ QStringLiteral("password.short"),
                          QStringLiteral("Give a password of at least 12 characters; nothing was created.") });
        const QString displayName = parser.value(display).isEmpty() ? parser.value(name) : parser.value(display);
        auto r = o->db->call([&](pqxx::connection_base& c) {
            return admins::create(c, parser.value(name), displayName, parser.value(role), password);
        });
        if (!r)
            return fail(r.error());
        out() << "Admin " << parser.value(name) << " (" << parser.value(role)
              << ") created. On their machine: art32ctl profile add …, profile set-password, then admin enroll."
              << Qt::endl;
        return Ok;
    }
    if (sub == QLatin1String("enroll")) {
        auto o = connectProfile(ctx);
        if (!o)
            return fail(o.error());
        if (!o->me.isAdmin())
            return fail({ QStringLiteral("enroll.no_admin"),
                          QStringLiteral("This login has no admin account: a CTO creates it first (admin create).") });
        if (o->me.enrolled)
            return fail(
                { QStringLiteral("enroll.already"),
                  QStringLiteral("%1 is enrolled already; a CTO can reset it (admin reset).").arg(o->me.login) });
        Enrollment e = Enrollment::prepare(o->me.login);
        printEnrollment(o->me.login, e.otpauthUri());
        const QString code = totpCode(ctx, QStringLiteral("First code from the authenticator: "));
        Keychain keychain;
        auto r = o->db->call(
            [&](pqxx::connection_base& c) { return e.complete(c, keychain, o->db->profile(), code, Clock::system()); });
        if (!r)
            return fail(r.error());
        out() << o->me.login << " is enrolled; the private key is in this machine's keychain." << Qt::endl;
        return Ok;
    }
    if (sub == QLatin1String("list")) {
        auto o = openUnlocked(ctx);
        if (!o)
            return fail(o.error());
        auto rows = o->db->run([](pqxx::connection_base& c) {
            pqxx::read_transaction tx(c);
            return tx.exec("SELECT login, role, display_name, enrolled_at IS NOT NULL, disabled_at IS NOT NULL "
                           "FROM art32.admins ORDER BY login");
        });
        if (!rows)
            return fail(rows.error());
        for (const auto& row : rows.value())
            out() << QString::fromStdString(row[0].as<std::string>()) << '\t'
                  << QString::fromStdString(row[1].as<std::string>()) << '\t'
                  << (row[3].as<bool>() ? "enrolled" : "not enrolled") << '\t'
                  << (row[4].as<bool>() ? "disabled" : "active") << '\t'
                  << QString::fromStdString(row[2].as<std::string>()) << '\n';
        out().flush();
        return Ok;
    }
    const QString target = args.value(1);
    if ((sub == QLatin1String("seal-keys") || sub == QLatin1String("disable") || sub == QLatin1String("enable")
         || sub == QLatin1String("reset"))
        && !target.isEmpty()) {
        auto o = openUnlocked(ctx);
        if (!o)
            return fail(o.error());
        if (sub == QLatin1String("seal-keys")) {
            auto key = privateKey(o.value());
            if (!key)
                return fail(key.error());
            auto sealed = o->db->call([&](pqxx::connection_base& c) -> Result<int> {
                KeyRing ring;
                if (auto r = ring.load(c, o->me.publicKey, key.value()); !r)
                    return r.error();
                return keyadmin::sealKeysFor(c, ring, target);
            });
            if (!sealed)
                return fail(sealed.error());
            out() << sealed.value() << " key(s) sealed to " << target << '.' << Qt::endl;
            return Ok;
        }
        auto r = o->db->call([&](pqxx::connection_base& c) {
            if (sub == QLatin1String("reset"))
                return admins::resetEnrollment(c, target);
            return admins::setDisabled(c, target, sub == QLatin1String("disable"));
        });
        if (!r)
            return fail(r.error());
        out() << "Done: " << sub << ' ' << target << Qt::endl;
        return Ok;
    }
    return usage(QStringLiteral("art32ctl --profile P [--code -] admin create|enroll|list|seal-keys NAME|"
                                "disable NAME|enable NAME|reset NAME"));
}

} // namespace art32::ctl

namespace art32::ctl {
namespace {

/** Unlocks, and opens the caller's keys with the private key from this keychain. */
Result<std::pair<Opened, std::shared_ptr<KeyRing>>> openWithKeys(const Context& ctx)
{
    auto o = openUnlocked(ctx);
    if (!o)
        return o.error();
    auto key = privateKey(o.value());
    if (!key)
        return key.error();
    auto ring = std::make_shared<KeyRing>();
    auto loaded = o->db->call([&](pqxx::connection_base& c) { return ring->load(c, o->me.publicKey, key.value()); });
    if (!loaded)
        return loaded.error();
    return std::make_pair(std::move(o).value(), ring);
}

} // namespace

int records(const Context& ctx, const QStringList& args)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("verify")) {
        auto opened = openWithKeys(ctx);
        if (!opened)
            return fail(opened.error());
        auto& [o, ring] = opened.value();
        auto printer = progressPrinter(QStringLiteral("Verifying accounts"));
        auto report = o.db->call([&](pqxx::connection_base& c) {
            return records::verifyAll(c, *ring, [&](qint64 done) { printer(done, 0); });
        });
        if (isatty(STDERR_FILENO))
            err() << Qt::endl;
        if (!report)
            return fail(report.error());
        for (const PlainRecord& f : report->failures)
            out() << "FAILED account " << f.accountId << (f.id ? QStringLiteral(" record %1").arg(f.id) : QString())
                  << ": " << f.error << '\n';
        out() << report->accounts << " accounts, " << report->records << " records checked, " << report->failures.size()
              << " failed authentication." << Qt::endl;
        return report->failures.isEmpty() ? Ok : Failed;
    }
    if (sub == QLatin1String("find")) {
        QCommandLineParser parser;
        const QCommandLineOption email(QStringLiteral("email"), QString(), QStringLiteral("address"));
        const QCommandLineOption phone(QStringLiteral("phone"), QString(), QStringLiteral("number"));
        parser.addOptions({ email, phone });
        if (!parse(parser, QStringLiteral("records find"), args.mid(1)) || parser.isSet(email) == parser.isSet(phone))
            return usage(QStringLiteral("art32ctl --profile P records find --email ADDRESS | --phone NUMBER"));
        auto opened = openWithKeys(ctx);
        if (!opened)
            return fail(opened.error());
        auto& [o, ring] = opened.value();
        const RecordKind kind = parser.isSet(email) ? RecordKind::Email : RecordKind::Phone;
        const QString value = parser.isSet(email) ? parser.value(email) : parser.value(phone);
        auto found = o.db->call([&](pqxx::connection_base& c) { return records::findAccounts(c, *ring, kind, value); });
        if (!found)
            return fail(found.error());
        for (qint64 id : found.value())
            out() << id << '\n';
        out().flush();
        return found->isEmpty() ? Failed : Ok;
    }
    return usage(QStringLiteral("art32ctl --profile P [--code -] records verify | find --email A | --phone N"));
}

int access(const Context& ctx, const QStringList& args)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("list")) {
        QCommandLineParser parser;
        const QCommandLineOption active(QStringLiteral("active"));
        parser.addOption(active);
        if (!parse(parser, QStringLiteral("access list"), args.mid(1)))
            return usage(QStringLiteral("art32ctl --profile P [--code -] access list [--active]"));
        auto o = openUnlocked(ctx);
        if (!o)
            return fail(o.error());
        auto listed = o->db->call([&](pqxx::connection_base& c) { return grants::list(c, parser.isSet(active)); });
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
    if (sub == QLatin1String("revoke")) {
        QCommandLineParser parser;
        const QCommandLineOption grant(QStringLiteral("grant"), QString(), QStringLiteral("id"));
        parser.addOption(grant);
        bool numeric = false;
        if (!parse(parser, QStringLiteral("access revoke"), args.mid(1))
            || (parser.value(grant).toLongLong(&numeric), !numeric))
            return usage(QStringLiteral("art32ctl --profile CTO [--code -] access revoke --grant ID"));
        auto o = openUnlocked(ctx);
        if (!o)
            return fail(o.error());
        auto revoked = o->db->call(
            [&](pqxx::connection_base& c) { return grants::revoke(c, parser.value(grant).toLongLong()); });
        if (!revoked)
            return fail(revoked.error());
        if (!revoked.value()) {
            err() << "Grant " << parser.value(grant) << " had already ended (expired or revoked); nothing changed."
                  << Qt::endl;
            return Failed;
        }
        out() << "Grant " << parser.value(grant) << " revoked." << Qt::endl;
        return Ok;
    }
    QCommandLineParser parser;
    const QCommandLineOption admin(QStringLiteral("admin"), QString(), QStringLiteral("sysadmin"));
    const QCommandLineOption account(QStringLiteral("account"), QString(), QStringLiteral("id"));
    const QCommandLineOption reason(QStringLiteral("reason"), QString(), QStringLiteral("text"));
    const QCommandLineOption minutes(QStringLiteral("minutes"), QString(), QStringLiteral("n"), QStringLiteral("60"));
    parser.addOptions({ admin, account, reason, minutes });
    if (sub != QLatin1String("grant") || !parse(parser, QStringLiteral("access grant"), args.mid(1))
        || parser.value(admin).isEmpty() || parser.value(account).isEmpty() || parser.value(reason).isEmpty())
        return usage(QStringLiteral("art32ctl --profile P [--code -] access list [--active] | grant --admin SYSADMIN "
                                    "--account ID --reason TEXT [--minutes N] | revoke --grant ID"));
    auto o = openUnlocked(ctx);
    if (!o)
        return fail(o.error());
    auto granted = o->db->call([&](pqxx::connection_base& c) {
        return grants::grant(c, parser.value(admin), parser.value(account).toLongLong(), parser.value(reason),
                             parser.value(minutes).toInt());
    });
    if (!granted)
        return fail(granted.error());
    out() << parser.value(admin) << " may read account " << parser.value(account) << " for " << parser.value(minutes)
          << " minutes (grant " << granted.value() << ")." << Qt::endl;
    return Ok;
}

int subject(const Context& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption email(QStringLiteral("email"), QString(), QStringLiteral("address"));
    parser.addOption(email);
    if (args.value(0) != QLatin1String("export") || !parse(parser, QStringLiteral("subject export"), args.mid(1))
        || parser.value(email).isEmpty())
        return usage(QStringLiteral("art32ctl --profile P [--code -] subject export --email ADDRESS"));
    auto opened = openWithKeys(ctx);
    if (!opened)
        return fail(opened.error());
    auto& [o, ring] = opened.value();
    auto json = o.db->call(
        [&](pqxx::connection_base& c) { return records::exportSubject(c, *ring, parser.value(email), o.me.login); });
    if (!json)
        return fail(json.error());
    out() << QString::fromUtf8(json.value());
    out().flush();
    return QJsonDocument::fromJson(json.value()).object().value(QStringLiteral("holdings")).toArray().isEmpty() ? Failed
                                                                                                                : Ok;
}

} // namespace art32::ctl
