#include "Support.h"

#include "auth/KeyRing.h"
#include "auth/QrCode.h"
#include "auth/Totp.h"
#include "crypto/Keys.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "store/Migrator.h"

#include <QElapsedTimer>
#include <QHash>
#include <QRegularExpression>
#include <QStorageInfo>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <termios.h>
#include <unistd.h>

namespace art32::ctl {

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

int exitFor(const QString& code)
{
    static const QHash<QString, int> exits {
        // The work stopped before its end.
        { QStringLiteral("interrupted"), Interrupted },
        { QStringLiteral("records.incomplete"), Interrupted },
        { QStringLiteral("unlock.expired"), Interrupted },
        { QStringLiteral("db.lost"), Interrupted },
        // Refused by the server, the keychain, or by the checks made before connecting.
        { QStringLiteral("db.denied"), Refused },
        { QStringLiteral("db.auth"), Refused },
        { QStringLiteral("db.refused"), Refused },
        { QStringLiteral("db.limit"), Refused },
        { QStringLiteral("db.invalid"), Refused },
        { QStringLiteral("db.missing_reference"), NotFound },
        { QStringLiteral("db.not_found"), NotFound },
        { QStringLiteral("db.exists"), Refused },
        { QStringLiteral("db.conflict"), Refused },
        { QStringLiteral("unlock.refused"), Refused },
        { QStringLiteral("unlock.disabled"), Refused },
        { QStringLiteral("unlock.not_enrolled"), Refused },
        { QStringLiteral("unlock.no_admin"), Refused },
        { QStringLiteral("code.form"), Refused },
        { QStringLiteral("enroll.wrong_code"), Refused },
        { QStringLiteral("enroll.disabled"), Refused },
        { QStringLiteral("enroll.no_admin"), Refused },
        { QStringLiteral("enroll.already"), Refused },
        { QStringLiteral("keys.mismatch"), Refused },
        { QStringLiteral("keys.missing"), Refused },
        { QStringLiteral("records.no_key"), Refused },
        { QStringLiteral("password.empty"), Refused },
        { QStringLiteral("password.short"), Refused },
        { QStringLiteral("password.form"), Refused },
        { QStringLiteral("keychain.denied"), Refused },
        { QStringLiteral("keychain.locked"), Refused },
        { QStringLiteral("demo.not_demo"), Refused },
        // incidents (issue 14)
        { QStringLiteral("incident.incomplete"), Refused },
        { QStringLiteral("incident.state"), Refused },
        { QStringLiteral("incident.conflict"), Refused },
        { QStringLiteral("incident.not_found"), NotFound },
        { QStringLiteral("incident.no_report"), NotFound }, // export --report N of a report never sent
        // Values of the command line checked before connecting, and the profile's when it is saved.
        { QStringLiteral("args.invalid"), Usage },
        { QStringLiteral("profile.name"), Usage },
        { QStringLiteral("profile.incomplete"), Usage },
        { QStringLiteral("profile.host"), Usage },
        { QStringLiteral("profile.hosts_mixed"), Usage },
        { QStringLiteral("profile.ports"), Usage },
        { QStringLiteral("profile.tls"), Usage },
        { QStringLiteral("profile.backupkey"), Usage },
        // What was asked for does not exist.
        { QStringLiteral("profile.missing"), NotFound },
        { QStringLiteral("admin.missing"), NotFound },
        { QStringLiteral("db.missing"), NotFound },
        { QStringLiteral("keychain.missing"), NotFound },
        { QStringLiteral("records.none"), NotFound },
        { QStringLiteral("grant.ended"), NotFound },
        { QStringLiteral("demo.not_up"), NotRunning },
        // audit chain (i12-chain): a break is a failure found by work that ran to its end.
        { QStringLiteral("audit.broken"), Failed },
        { QStringLiteral("audit.checkpoint_invalid"), Refused },
        { QStringLiteral("audit.checkpoint_missing"), NotFound },
        // Backups (issue 13).
        { QStringLiteral("backup.truncated"), BadBackup },
        { QStringLiteral("backup.tampered"), BadBackup },
        { QStringLiteral("backup.mismatch"), BadBackup },
        { QStringLiteral("backup.format"), BadBackup },
        { QStringLiteral("backup.wrongkey"), Refused },
        { QStringLiteral("backup.keyfile.mode"), Refused },
        { QStringLiteral("backup.keyfile.exists"), Refused },
        { QStringLiteral("backup.key.form"), Refused },
        { QStringLiteral("backup.target.not_empty"), Refused },
        { QStringLiteral("backup.target.live"), Refused },
        { QStringLiteral("backup.key.missing"), NotFound },
        { QStringLiteral("backup.missing"), NotFound },
        { QStringLiteral("backup.none"), NotFound },
        { QStringLiteral("backup.unhealthy"), Failed },
        // erasure ledger file (i13-ledger)
        { QStringLiteral("backup.ledger.tampered"), BadBackup },
        { QStringLiteral("backup.ledger.truncated"), BadBackup },
        { QStringLiteral("backup.ledger.format"), BadBackup },
        { QStringLiteral("backup.ledger.wrongkey"), Refused },
        { QStringLiteral("backup.ledger.none"), Refused },
    };
    return exits.value(code, OtherError);
}

namespace {

QString g_demoDirectory; ///< set when the command works on the demo: its disk and log are named in errors
QString g_demoLog;

} // namespace

void workingOnDemo(const QString& directory, const QString& logFile)
{
    g_demoDirectory = directory;
    g_demoLog = logFile;
}

int fail(const Error& e)
{
    err() << "art32ctl: " << e.message << Qt::endl;
    const bool serverTrouble = e.code == QLatin1String("db.full") || e.code == QLatin1String("db.lost")
        || e.code == QLatin1String("db.unreachable") || e.code == QLatin1String("demo.start");
    if (serverTrouble && !g_demoDirectory.isEmpty()) {
        // A full disk stops the server itself (it cannot write its WAL): the client then sees a lost connection and
        // a server that cannot be reached, not SQLSTATE 53100. The demo's disk is this machine's, so look.
        const QStorageInfo disk(g_demoDirectory);
        const qint64 freeMb = disk.isValid() ? disk.bytesAvailable() / (1024 * 1024) : -1;
        if (freeMb >= 0 && freeMb < 256)
            err() << "art32ctl: the disk holding the demo database (" << g_demoDirectory << ", " << disk.rootPath()
                  << ") is full: " << freeMb << " MB free. Free space there, then run art32ctl demo up." << Qt::endl;
        err() << "art32ctl: the demo server's log is " << g_demoLog << Qt::endl;
    }
    return exitFor(e.code);
}

Error afterBatches(Error e, const QString& note)
{
    if (e.code == QLatin1String("db.lost"))
        e.message += QLatin1Char(' ') + note;
    return e;
}

namespace {

std::atomic_bool g_interrupted { false };

extern "C" void art32ctlInterrupted(int)
{
    g_interrupted.store(true);
}

} // namespace

void catchInterrupt()
{
    // No SA_RESTART: a read of the code or a password that is waiting returns at once, and the command ends.
    struct sigaction action
    {
    };
    action.sa_handler = art32ctlInterrupted;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
}

const std::atomic_bool* interruptFlag()
{
    return &g_interrupted;
}

Error interruptedError()
{
    return { QStringLiteral("interrupted"), QStringLiteral("Interrupted (Ctrl+C) before anything was done.") };
}

Result<QString> checkedCode(const QString& typed)
{
    if (g_interrupted.load())
        return interruptedError();
    QString code = typed;
    code.remove(QLatin1Char(' '));
    static const QRegularExpression digits(QStringLiteral("^[0-9]{%1}$").arg(Totp::kDigits));
    if (code.isEmpty())
        return Error { QStringLiteral("code.form"),
                       QStringLiteral("No TOTP code given (--code - reads it from stdin, which was empty); nothing "
                                      "was sent to the server.") };
    if (!digits.match(code).hasMatch())
        return Error { QStringLiteral("code.form"),
                       QStringLiteral("A TOTP code is %1 digits (spaces are ignored); this one is not, so it was not "
                                      "sent to the server and no attempt was counted.")
                           .arg(Totp::kDigits) };
    return code;
}

Result<void> checkedLogin(const QString& login)
{
    // As art32.admin_create checks it (migration 0002).
    static const QRegularExpression re(QStringLiteral("^[a-z_][a-z0-9_]{0,62}$"));
    if (!re.match(login).hasMatch() || login.startsWith(QLatin1String("pg_"))
        || login.startsWith(QLatin1String("art32_")))
        return Error { QStringLiteral("args.invalid"),
                       QStringLiteral("An admin login uses lowercase letters, digits and _ (at most 63), and does not "
                                      "start with pg_ or art32_: \"%1\" does not; nothing was sent.")
                           .arg(login) };
    return {};
}

Result<void> checkPassword(const SecureBytes& password)
{
    if (g_interrupted.load())
        return interruptedError();
    if (password.isEmpty())
        return Error { QStringLiteral("password.empty"), QStringLiteral("No password given; nothing changed.") };
    if (password.size() > kMaxPasswordBytes)
        return Error { QStringLiteral("password.form"),
                       QStringLiteral("A password is at most %1 bytes; nothing changed.").arg(kMaxPasswordBytes) };
    const QByteArray bytes = password.view(); // no copy: a view on the guarded bytes
    if (bytes.contains('\0'))
        return Error { QStringLiteral("password.form"),
                       QStringLiteral("A password cannot contain a NUL byte (libpq ends it there); nothing changed.") };
    const bool valid = QByteArrayView(bytes).isValidUtf8();
    if (!valid)
        return Error { QStringLiteral("password.form"),
                       QStringLiteral("A password must be valid UTF-8 text (PostgreSQL's SCRAM login needs it); "
                                      "nothing changed.") };
    return {};
}

void printStep(const QString& step)
{
    err() << "… " << step << Qt::endl;
}

int usageError(const Command& command, const QString& reason)
{
    err() << "art32ctl: " << reason << "\nusage: " << command.usage() << Qt::endl;
    return Usage;
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

namespace {

/**
 * One line of stdin, read through stdio, so that the next read gets the next line (a QTextStream on stdin reads
 * ahead: `--code -` followed by a password on stdin would leave nothing for the password).
 */
SecureBytes readStdinLine()
{
    // One byte more than any input may have, so a longer line is refused as too long, never cut short; the rest
    // of the line is read and dropped.
    SecureBytes buffer(kMaxPasswordBytes + 1);
    std::size_t n = 0;
    int c;
    while ((c = std::getchar()) != EOF && c != '\n') {
        if (n < buffer.size())
            buffer.data()[n++] = static_cast<unsigned char>(c);
    }
    if (n > 0 && buffer.data()[n - 1] == '\r')
        --n;
    SecureBytes line(n);
    if (n)
        memcpy(line.data(), buffer.data(), n);
    return line;
}

} // namespace

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
    SecureBytes secret = readStdinLine();
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        err() << Qt::endl;
    }
    return secret;
}

Result<Profile> chosenProfile(const Context& ctx)
{
    ProfileStore profiles;
    const QString name = ctx.profile.isEmpty() ? QString::fromLatin1(DemoCluster::kDefaultProfile) : ctx.profile;
    auto found = profiles.find(name);
    if (found && found->demo) {
        const DemoCluster demo;
        workingOnDemo(demo.directory(), demo.logFile());
    }
    return found;
}

Result<void> openForMaintenance(const Profile& p, std::optional<Database>& db)
{
    if (p.demo) {
        db.emplace(DemoCluster().maintenanceProfile(p.database));
        return db->openWithoutPassword();
    }
    Keychain keychain;
    Keychain::Reply pw = keychain.readNow(p.passwordKey());
    if (!pw.ok())
        return keychainError(pw);
    db.emplace(p);
    auto r = db->open(SecureBytes::fromByteArray(pw.secret));
    wipe(pw.secret);
    return r;
}

Result<QString> totpCode(const Context& ctx, const QString& prompt)
{
    if (!ctx.code.isEmpty() && ctx.code != QLatin1String("-")) {
        err() << "art32ctl: a code given as --code CODE is visible to other local users; use --code - (stdin) "
                 "or type it at the prompt."
              << Qt::endl;
        return checkedCode(ctx.code);
    }
    if (ctx.code.isEmpty() && isatty(STDIN_FILENO)) {
        const SecureBytes typed = readSecretLine(prompt);
        return checkedCode(QString::fromLatin1(typed.view()).trimmed());
    }
    return checkedCode(QString::fromLatin1(readStdinLine().view()).trimmed());
}

Result<Opened> connectProfile(const Context& ctx)
{
    auto profile = chosenProfile(ctx);
    if (!profile)
        return profile.error();
    Keychain keychain;
    Keychain::Reply pw = keychain.readNow(profile->passwordKey());
    if (!pw.ok())
        return keychainError(pw);
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

Result<Opened> openUnlocked(const Context& ctx, const std::function<Result<void>()>& readInput)
{
    // A code given with --code is read and checked first, before connecting: a typo never reaches the server,
    // where every attempt counts. Without --code the prompt names the login, which the server tells.
    std::optional<QString> code;
    if (!ctx.code.isEmpty()) {
        auto given = totpCode(ctx, QString());
        if (!given)
            return given.error();
        code = given.value();
    }
    if (readInput && code) {
        if (auto input = readInput(); !input)
            return input.error();
    }
    auto o = connectProfile(ctx);
    if (!o)
        return o;
    if (!o->me.isAdmin()) {
        if (readInput && !code) {
            if (auto input = readInput(); !input)
                return input.error();
        }
        return o;
    }
    if (!o->me.enrolled)
        return Error { QStringLiteral("unlock.not_enrolled"),
                       QStringLiteral("%1 is not enrolled yet: run `art32ctl --profile %2 admin enroll` first.")
                           .arg(o->me.login, o->db->profile().name) };
    if (!code) {
        auto typed = totpCode(ctx, QStringLiteral("TOTP code for %1: ").arg(o->me.login));
        if (!typed)
            return typed.error();
        code = typed.value();
        if (readInput) {
            if (auto input = readInput(); !input)
                return input.error();
        }
    }
    auto outcome = o->db->call([&](pqxx::connection_base& c) { return unlock::unlockSession(c, *code); });
    if (!outcome)
        return outcome.error();
    if (!outcome->ok())
        return Error { QStringLiteral("unlock.refused"), outcome->message() };
    return o;
}

Result<SecureBytes> privateKey(const Opened& o)
{
    Keychain keychain;
    Keychain::Reply r = keychain.readNow(o.db->profile().privateKeyKey());
    if (!r.ok())
        return keychainError(r);
    SecureBytes key = SecureBytes::fromByteArray(r.secret);
    wipe(r.secret);
    if (keys::publicKeyOf(key) != o.me.publicKey)
        return Error { QStringLiteral("keys.mismatch"),
                       QStringLiteral("The private key in this keychain does not belong to %1's enrolled public key.")
                           .arg(o.me.login) };
    return key;
}

Result<std::pair<Opened, SecureBytes>> openWithPrivateKey(const Context& ctx)
{
    auto o = openUnlocked(ctx);
    if (!o)
        return o.error();
    auto key = privateKey(o.value());
    if (!key)
        return key.error();
    return std::make_pair(std::move(o).value(), std::move(key).value());
}

Result<std::pair<Opened, std::shared_ptr<KeyRing>>> openWithKeys(const Context& ctx)
{
    auto opened = openWithPrivateKey(ctx);
    if (!opened)
        return opened.error();
    auto& [o, key] = opened.value();
    auto ring = std::make_shared<KeyRing>();
    auto loaded = o.db->call([&](pqxx::connection_base& c) { return ring->load(c, o.me.publicKey, key); });
    if (!loaded)
        return loaded.error();
    return std::make_pair(std::move(o), ring);
}

void printEnrollment(const QString& login, const QString& uri)
{
    out() << "\nAuthenticator for " << login << ":\n" << uri << '\n';
    if (auto qr = QrCode::encode(uri))
        out() << qr->toTerminalText();
    out().flush();
}

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

} // namespace art32::ctl
