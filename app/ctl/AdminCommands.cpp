// admin: creating, enrolling, listing, disabling and resetting admins, and sealing the keys to one.
#include "Support.h"
#include "auth/Enrollment.h"
#include "auth/KeyAdmin.h"
#include "auth/KeyRing.h"
#include "core/Clock.h"
#include "keychain/Keychain.h"

#include <pqxx/result>
#include <pqxx/transaction>

namespace art32::ctl {
namespace {

int create(const Context& ctx, const Args& args)
{
    const QString name = args.value(QStringLiteral("name"));
    const QString role = args.value(QStringLiteral("role"));
    const Role group = roleFromKey(role); // the parser accepts only the three names
    if (auto login = checkedLogin(name); !login)
        return fail(login.error());
    if (args.value(QStringLiteral("display-name")).size() > 200)
        return fail({ QStringLiteral("args.invalid"),
                      QStringLiteral("--display-name takes at most 200 characters; nothing was sent.") });
    // The password is read and checked after the code and before it is sent: a password that would be refused
    // costs no attempt.
    SecureBytes password;
    auto o = openUnlocked(ctx, [&]() -> Result<void> {
        password = readSecretLine(QStringLiteral("Initial database password for %1: ").arg(name));
        if (password.size() < 12)
            return Error { QStringLiteral("password.short"),
                           QStringLiteral("Give a password of at least 12 characters; nothing was created.") };
        return checkPassword(password);
    });
    if (!o)
        return fail(o.error());
    const QString display = args.value(QStringLiteral("display-name"));
    const QString displayName = display.isEmpty() ? name : display;
    auto r
        = o->db->call([&](pqxx::connection_base& c) { return admins::create(c, name, displayName, group, password); });
    if (!r)
        return fail(r.error());
    out() << "Admin " << name << " (" << role
          << ") created. On their machine: art32ctl profile add …, profile set-password, then admin enroll."
          << Qt::endl;
    return Ok;
}

int enroll(const Context& ctx, const Args&)
{
    auto o = connectProfile(ctx);
    if (!o)
        return fail(o.error());
    if (!o->me.isAdmin())
        return fail({ QStringLiteral("enroll.no_admin"),
                      QStringLiteral("This login has no admin account: a CTO creates it first (admin create).") });
    if (o->me.enrolled)
        return fail({ QStringLiteral("enroll.already"),
                      QStringLiteral("%1 is enrolled already; a CTO can reset it (admin reset).").arg(o->me.login) });
    Enrollment e = Enrollment::prepare(o->me.login);
    printEnrollment(o->me.login, e.otpauthUri());
    const auto code = totpCode(ctx, QStringLiteral("First code from the authenticator: "));
    if (!code)
        return fail(code.error());
    Keychain keychain;
    auto r = o->db->call([&](pqxx::connection_base& c) {
        return e.complete(c, keychain, o->db->profile(), code.value(), Clock::system());
    });
    if (!r)
        return fail(r.error());
    out() << o->me.login << " is enrolled; the private key is in this machine's keychain." << Qt::endl;
    return Ok;
}

int list(const Context& ctx, const Args&)
{
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
              << (row[4].as<bool>() ? "disabled" : "active") << '\t' << QString::fromStdString(row[2].as<std::string>())
              << '\n';
    out().flush();
    return Ok;
}

int sealKeys(const Context& ctx, const Args& args)
{
    const QString target = args.positional(0);
    auto opened = openWithPrivateKey(ctx);
    if (!opened)
        return fail(opened.error());
    const auto& [o, key] = opened.value();
    auto sealed = o.db->call([&](pqxx::connection_base& c) -> Result<int> {
        KeyRing ring;
        if (auto r = ring.load(c, o.me.publicKey, key); !r)
            return r.error();
        return keyadmin::sealKeysFor(c, ring, target);
    });
    if (!sealed)
        return fail(sealed.error());
    out() << sealed.value() << " key(s) sealed to " << target << '.' << Qt::endl;
    return Ok;
}

/** disable, enable and reset: one call on the named admin. */
Command::Run onAdmin(const QString& verb,
                     const std::function<Result<void>(pqxx::connection_base&, const QString&)>& work)
{
    return [verb, work](const Context& ctx, const Args& args) -> int {
        const QString target = args.positional(0);
        auto o = openUnlocked(ctx);
        if (!o)
            return fail(o.error());
        auto r = o->db->call([&](pqxx::connection_base& c) { return work(c, target); });
        if (!r)
            return fail(r.error());
        out() << "Done: " << verb << ' ' << target << Qt::endl;
        return Ok;
    };
}

} // namespace

QList<Command> adminCommands()
{
    const QStringList name { QStringLiteral("NAME") };
    const auto command = [](const char* name, const QString& summary, Command::Run run) {
        return Command(QStringLiteral("admin"), QLatin1String(name), Needs::Unlock, summary, std::move(run));
    };
    return {
        command("create", QStringLiteral("A CTO creates an admin login with one of the three roles."), create)
            .withDetails(QStringLiteral("The initial database password (at least 12 characters) is read without "
                                        "echo on a terminal, else from stdin, after the TOTP code."))
            .withOptions({
                Option::text(QStringLiteral("name"), QStringLiteral("LOGIN"), QStringLiteral("The new login."))
                    .require(),
                Option::choice(QStringLiteral("role"),
                               { roleKey(Role::Cto), roleKey(Role::Sysadmin), roleKey(Role::Auditor) },
                               QStringLiteral("Its role."))
                    .require(),
                Option::text(QStringLiteral("display-name"), QStringLiteral("TEXT"),
                             QStringLiteral("The name people see; the login when not given.")),
            }),
        command("enroll", QStringLiteral("On the new admin's machine: TOTP secret and key pair for this login."),
                enroll)
            .withDetails(QStringLiteral("Prints the authenticator URI and QR code, then asks for the first code; "
                                        "the private key goes into this machine's keychain.")),
        command("list", QStringLiteral("Lists the admins: login, role, enrolled, disabled, display name."), list),
        command("seal-keys", QStringLiteral("Seals the keys this admin holds to another admin (not an auditor)."),
                sealKeys)
            .withPositionals(name),
        command("disable", QStringLiteral("A CTO disables an admin: no more unlocks."),
                onAdmin(QStringLiteral("disable"),
                        [](pqxx::connection_base& c, const QString& target) {
                            return admins::setDisabled(c, target, true);
                        }))
            .withPositionals(name),
        command("enable", QStringLiteral("A CTO enables a disabled admin again."),
                onAdmin(QStringLiteral("enable"),
                        [](pqxx::connection_base& c, const QString& target) {
                            return admins::setDisabled(c, target, false);
                        }))
            .withPositionals(name),
        command(
            "reset", QStringLiteral("A CTO resets an admin's enrollment, so that they enroll again."),
            onAdmin(QStringLiteral("reset"),
                    [](pqxx::connection_base& c, const QString& target) { return admins::resetEnrollment(c, target); }))
            .withPositionals(name),
    };
}

} // namespace art32::ctl
