// profile: the connection profiles (ProfileStore) and their passwords in the keychain.
#include "Support.h"
#include "keychain/Keychain.h"
#include "store/Profile.h"

namespace art32::ctl {
namespace {

int list(const Context&, const Args&)
{
    for (const Profile& p : ProfileStore().all())
        out() << p.name << '\t' << p.user << '@' << (p.host.isEmpty() ? QStringLiteral("(default socket)") : p.host)
              << ':' << p.port << '/' << p.database << (p.demo ? "\t(demo)" : "") << '\n';
    out().flush();
    return Ok;
}

int show(const Context&, const Args& args)
{
    auto p = ProfileStore().find(args.positional(0));
    if (!p)
        return fail(p.error());
    out() << "name: " << p->name << "\nhost: " << p->host << "\nport: " << p->port << "\ndatabase: " << p->database
          << "\nuser: " << p->user << "\nsslmode: " << p->sslMode << "\nsslrootcert: " << p->sslRootCert
          << "\ndemo: " << (p->demo ? "yes" : "no") << "\nbackup dir: " << p->backupDir
          << "\nbackup key file: " << p->backupKeyFile << Qt::endl;
    return Ok;
}

int add(const Context&, const Args& args)
{
    Profile p;
    p.name = args.value(QStringLiteral("name"));
    p.host = args.value(QStringLiteral("host"));
    p.port = args.value(QStringLiteral("port"));
    p.database = args.value(QStringLiteral("database"));
    p.user = args.value(QStringLiteral("user"));
    p.sslMode = args.value(QStringLiteral("sslmode"));
    p.sslRootCert = args.value(QStringLiteral("sslrootcert"));
    p.backupDir = args.value(QStringLiteral("backup-dir"));
    p.backupKeyFile = args.value(QStringLiteral("backup-key-file"));
    if (auto r = ProfileStore().save(p); !r)
        return fail(r.error());
    out() << "Profile " << p.name << " saved. Store its password with: art32ctl profile set-password " << p.name
          << Qt::endl;
    return Ok;
}

int remove(const Context&, const Args& args)
{
    ProfileStore profiles;
    auto p = profiles.find(args.positional(0));
    if (!p)
        return fail(p.error());
    profiles.remove(p->name);
    Keychain keychain;
    const auto removed = keychain.removeNow(p->passwordKey());
    if (!removed.ok() && removed.status != Keychain::Status::NotFound)
        return fail(keychainError(removed));
    out() << "Profile " << p->name << " removed." << Qt::endl;
    return Ok;
}

int setPassword(const Context&, const Args& args)
{
    auto p = ProfileStore().find(args.positional(0));
    if (!p)
        return fail(p.error());
    SecureBytes password = readSecretLine(QStringLiteral("Database password for %1: ").arg(p->user));
    if (auto valid = checkPassword(password); !valid)
        return fail(valid.error());
    Keychain keychain;
    const auto written = keychain.writeNow(p->passwordKey(), password.view());
    if (!written.ok())
        return fail(keychainError(written));
    out() << "Password for profile " << p->name << " stored in the keychain." << Qt::endl;
    return Ok;
}

} // namespace

QList<Command> profileCommands()
{
    const QStringList name { QStringLiteral("NAME") };
    const auto command = [](const char* name, const QString& summary, Command::Run run) {
        return Command(QStringLiteral("profile"), QLatin1String(name), Needs::Nothing, summary, std::move(run));
    };
    return {
        command("list", QStringLiteral("Lists the connection profiles: name, user@host:port/database."), list),
        command("show", QStringLiteral("Shows one profile's settings."), show).withPositionals(name),
        command("add", QStringLiteral("Saves a connection profile (no password: see profile set-password)."), add)
            .withDetails(QStringLiteral("A network host is reached with sslmode verify-full only."))
            .withOptions({
                Option::text(QStringLiteral("name"), QStringLiteral("NAME"), QStringLiteral("The profile's name."))
                    .require(),
                Option::text(QStringLiteral("host"), QStringLiteral("HOST"),
                             QStringLiteral("Server host name, or a unix socket directory; a list is comma-separated."))
                    .require(),
                Option::text(QStringLiteral("port"), QStringLiteral("PORT"),
                             QStringLiteral("Server port, or one port for each host of a list."))
                    .withDefault(QStringLiteral("5432")),
                Option::text(QStringLiteral("database"), QStringLiteral("DB"), QStringLiteral("Database name."))
                    .require(),
                Option::text(QStringLiteral("user"), QStringLiteral("USER"), QStringLiteral("Login role.")).require(),
                Option::text(QStringLiteral("sslmode"), QStringLiteral("MODE"), QStringLiteral("libpq sslmode.")),
                Option::text(QStringLiteral("sslrootcert"), QStringLiteral("FILE"),
                             QStringLiteral("CA certificate file for verify-full.")),
                Option::text(QStringLiteral("backup-dir"), QStringLiteral("DIR"),
                             QStringLiteral("Where `backup run` writes this database's native backups.")),
                Option::text(QStringLiteral("backup-key-file"), QStringLiteral("FILE"),
                             QStringLiteral("The backup key's file (0600, absolute path), used by `backup` and the "
                                            "Backups view instead of the keychain.")),
            }),
        command("remove", QStringLiteral("Removes a profile and its password from the keychain."), remove)
            .withPositionals(name),
        command("set-password", QStringLiteral("Stores a profile's database password in the keychain."), setPassword)
            .withDetails(QStringLiteral(
                "The password is read without echo on a terminal, else from stdin; it is never an argument."))
            .withPositionals(name),
    };
}

} // namespace art32::ctl
