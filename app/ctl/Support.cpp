#include "Support.h"

#include "auth/KeyRing.h"
#include "auth/QrCode.h"
#include "crypto/Keys.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "store/Migrator.h"

#include <QElapsedTimer>
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

int fail(const Error& e)
{
    err() << "art32ctl: " << e.message << Qt::endl;
    return Failed;
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
    SecureBytes buffer(1024);
    std::size_t n = 0;
    int c;
    while ((c = std::getchar()) != EOF && c != '\n' && n < buffer.size())
        buffer.data()[n++] = static_cast<unsigned char>(c);
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
    return profiles.find(name);
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
        return Error { QStringLiteral("keychain.read"), pw.message };
    db.emplace(p);
    auto r = db->open(SecureBytes::fromByteArray(pw.secret));
    wipe(pw.secret);
    return r;
}

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
    return QString::fromLatin1(readStdinLine().view()).trimmed();
}

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
