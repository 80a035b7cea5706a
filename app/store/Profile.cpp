#include "store/Profile.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QSettings>
#include <algorithm>

namespace art32 {
namespace {

/** A unix socket directory (absolute path, or libpq's abstract namespace "@"): everything else is the network,
 * loopback included, where anything listening on the port could answer. */
bool isSocketHost(const QString& host)
{
    return host.startsWith(QLatin1Char('/')) || host.startsWith(QLatin1Char('@'));
}

QStringList hostList(const QString& host)
{
    return host.split(QLatin1Char(','), Qt::SkipEmptyParts);
}

const char* const kProfilesGroup = "profiles";

} // namespace

QString Profile::passwordKey() const
{
    return QStringLiteral("profile/%1/db-password").arg(name);
}

QString Profile::privateKeyKey() const
{
    return QStringLiteral("profile/%1/x25519-private").arg(name);
}

QString Profile::demoTotpKey() const
{
    return QStringLiteral("profile/%1/demo-totp-secret").arg(name);
}

bool Profile::usesUnixSocket() const
{
    return host.isEmpty() || host.startsWith(QLatin1Char('/'));
}

std::string quoteConnValue(const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    std::string out;
    out.reserve(static_cast<size_t>(utf8.size()) + 2);
    out.push_back('\'');
    for (char c : utf8) {
        if (c == '\'' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

bool Profile::isRemote() const
{
    const QStringList hosts = hostList(host);
    return std::any_of(hosts.cbegin(), hosts.cend(), [](const QString& h) { return !isSocketHost(h.trimmed()); });
}

std::string Profile::connectionString() const
{
    std::string s;
    auto add = [&s](const char* key, const QString& value) {
        if (value.isEmpty())
            return;
        s += key;
        s += '=';
        s += quoteConnValue(value);
        s += ' ';
    };
    add("host", host);
    add("port", port);
    add("dbname", database);
    add("user", user);
    if (isRemote()) {
        // TLS that verifies the server's name, and SCRAM bound to that TLS channel: libpq then refuses a server
        // (or a man in the middle) that asks for a cleartext or MD5 password before it sends anything.
        add("sslmode", QStringLiteral("verify-full"));
        add("channel_binding", QStringLiteral("require"));
    } else if (!sslMode.isEmpty()) {
        add("sslmode", sslMode);
    }
    add("sslrootcert", sslRootCert);
    add("application_name", QStringLiteral("Art32 Console"));
    add("connect_timeout", QStringLiteral("10"));
    // Bulk reads decode bytea in hex output only: a database or role set to "escape" must not look like tampering.
    add("options", QStringLiteral("-c bytea_output=hex"));
    if (host.contains(QLatin1Char(',')))
        add("target_session_attrs", QStringLiteral("read-write"));
    return s;
}

Result<void> Profile::validateConnection() const
{
    const QStringList hosts = hostList(host);
    if (hosts.isEmpty()
        || std::any_of(hosts.cbegin(), hosts.cend(), [](const QString& h) { return h.trimmed().isEmpty(); }))
        return Error { QStringLiteral("profile.host"),
                       QCoreApplication::translate(
                           "art32::Profile",
                           "A profile needs a host: a server name or address, or a unix socket directory.") };
    // Text from a command line or a settings file that was not UTF-8 arrives with U+FFFD in it; libpq would send
    // those bytes to the resolver, and the connect fails far from the cause.
    const auto badText = [](const QString& text) {
        return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
            return c == QChar::ReplacementCharacter || c.category() == QChar::Other_Control
                || c.category() == QChar::Other_Format || c.isNonCharacter();
        });
    };
    if (badText(host))
        return Error { QStringLiteral("profile.host"),
                       QCoreApplication::translate("art32::Profile",
                                                   "The host contains characters that are no valid text (not UTF-8, "
                                                   "or control characters).") };
    const QStringList ports = port.split(QLatin1Char(','), Qt::KeepEmptyParts);
    const bool portsValid = port.isEmpty() || std::all_of(ports.cbegin(), ports.cend(), [](const QString& p) {
                                bool ok = false;
                                const int n = p.trimmed().toInt(&ok);
                                return ok && n >= 1 && n <= 65535 && !p.trimmed().startsWith(QLatin1Char('+'));
                            });
    if (!portsValid)
        return Error { QStringLiteral("profile.ports"),
                       QCoreApplication::translate("art32::Profile",
                                                   "A port is a number from 1 to 65535 (or a comma-separated list, "
                                                   "one for each host), not \"%1\".")
                           .arg(port) };
    if (ports.size() > 1 && ports.size() != hosts.size())
        return Error { QStringLiteral("profile.ports"),
                       QCoreApplication::translate("art32::Profile", "Give one port, or one port for each host.") };
    static const QStringList modes { QStringLiteral("disable"),   QStringLiteral("allow"),
                                     QStringLiteral("prefer"),    QStringLiteral("require"),
                                     QStringLiteral("verify-ca"), QStringLiteral("verify-full") };
    if (!sslMode.isEmpty() && !modes.contains(sslMode))
        return Error { QStringLiteral("profile.tls"),
                       QCoreApplication::translate("art32::Profile", "Unknown sslmode \"%1\".").arg(sslMode) };
    if (!isRemote())
        return {};
    if (std::any_of(hosts.cbegin(), hosts.cend(), [](const QString& h) { return isSocketHost(h.trimmed()); }))
        return Error { QStringLiteral("profile.hosts_mixed"),
                       QCoreApplication::translate("art32::Profile",
                                                   "A host list is either unix socket directories or network hosts, "
                                                   "not both: network hosts need TLS, which sockets do not have.") };
    if (!sslMode.isEmpty() && sslMode != QLatin1String("verify-full"))
        return Error { QStringLiteral("profile.tls"),
                       QCoreApplication::translate(
                           "art32::Profile",
                           "Connections over the network must verify the server's certificate and name (sslmode "
                           "verify-full).") };
    return {};
}

Result<void> Profile::validate() const
{
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    if (!nameRe.match(name).hasMatch())
        return Error { QStringLiteral("profile.name"),
                       QCoreApplication::translate(
                           "art32::Profile",
                           "A profile name uses letters, digits, '.', '_' or '-' (at most 64 characters).") };
    if (database.isEmpty() || user.isEmpty())
        return Error { QStringLiteral("profile.incomplete"),
                       QCoreApplication::translate("art32::Profile", "A profile needs a database and a user name.") };
    for (const QString* text : { &database, &user, &sslRootCert }) {
        if (std::any_of(text->cbegin(), text->cend(), [](QChar c) {
                return c == QChar::ReplacementCharacter || c.category() == QChar::Other_Control;
            }))
            return Error { QStringLiteral("profile.incomplete"),
                           QCoreApplication::translate("art32::Profile",
                                                       "The database, user and CA file names must be valid text "
                                                       "(UTF-8, no control characters).") };
    }
    // pgBackRest gets these as --stanza= and --config=: a name it accepts, an absolute path (no option smuggled in).
    static const QRegularExpression stanzaRe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    if (!pgbackrestStanza.isEmpty() && !stanzaRe.match(pgbackrestStanza).hasMatch())
        return Error { QStringLiteral("profile.pgbackrest"),
                       QCoreApplication::translate("art32::Profile",
                                                   "A pgBackRest stanza name uses letters, digits, '.', '_' or '-' "
                                                   "(at most 64 characters).") };
    if (!pgbackrestConfig.isEmpty()
        && (!pgbackrestConfig.startsWith(QLatin1Char('/'))
            || std::any_of(pgbackrestConfig.cbegin(), pgbackrestConfig.cend(),
                           [](QChar c) { return c.category() == QChar::Other_Control; })))
        return Error { QStringLiteral("profile.pgbackrest"),
                       QCoreApplication::translate("art32::Profile",
                                                   "The pgBackRest configuration file must be an absolute path.") };
    if (!backupKeyFile.isEmpty()
        && (!backupKeyFile.startsWith(QLatin1Char('/'))
            || std::any_of(backupKeyFile.cbegin(), backupKeyFile.cend(),
                           [](QChar c) { return c.category() == QChar::Other_Control; })))
        return Error { QStringLiteral("profile.backupkey"),
                       QCoreApplication::translate("art32::Profile", "The backup key file must be an absolute path.") };
    return validateConnection();
}

bool Profile::operator==(const Profile& o) const
{
    return name == o.name && host == o.host && port == o.port && database == o.database && user == o.user
        && sslMode == o.sslMode && sslRootCert == o.sslRootCert && demo == o.demo && backupDir == o.backupDir
        && backupKeyFile == o.backupKeyFile && pgbackrestStanza == o.pgbackrestStanza
        && pgbackrestConfig == o.pgbackrestConfig;
}

ProfileStore::ProfileStore()
    : m_settings(std::make_unique<QSettings>())
{ }

ProfileStore::ProfileStore(const QString& fileName)
    : m_settings(std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{ }

ProfileStore::~ProfileStore() = default;

QList<Profile> ProfileStore::all() const
{
    QList<Profile> profiles;
    m_settings->beginGroup(QLatin1String(kProfilesGroup));
    const QStringList names = m_settings->childGroups();
    m_settings->endGroup();
    for (const QString& name : names) {
        if (auto p = find(name))
            profiles.append(p.value());
    }
    return profiles;
}

Result<Profile> ProfileStore::find(const QString& name) const
{
    m_settings->beginGroup(QLatin1String(kProfilesGroup));
    const bool exists = m_settings->childGroups().contains(name);
    m_settings->endGroup();
    if (!exists)
        return Error { QStringLiteral("profile.missing"),
                       QCoreApplication::translate("art32::Profile", "There is no profile named \"%1\".").arg(name) };

    m_settings->beginGroup(QStringLiteral("%1/%2").arg(QLatin1String(kProfilesGroup), name));
    Profile p;
    p.name = name;
    p.host = m_settings->value(QStringLiteral("host")).toString();
    p.port = m_settings->value(QStringLiteral("port")).toString();
    p.database = m_settings->value(QStringLiteral("database")).toString();
    p.user = m_settings->value(QStringLiteral("user")).toString();
    p.sslMode = m_settings->value(QStringLiteral("sslMode")).toString();
    p.sslRootCert = m_settings->value(QStringLiteral("sslRootCert")).toString();
    p.demo = m_settings->value(QStringLiteral("demo"), false).toBool();
    p.backupDir = m_settings->value(QStringLiteral("backupDir")).toString();
    p.backupKeyFile = m_settings->value(QStringLiteral("backupKeyFile")).toString();
    p.pgbackrestStanza = m_settings->value(QStringLiteral("pgbackrestStanza")).toString();
    p.pgbackrestConfig = m_settings->value(QStringLiteral("pgbackrestConfig")).toString();
    m_settings->endGroup();
    return p;
}

Result<void> ProfileStore::save(const Profile& p)
{
    if (auto valid = p.validate(); !valid)
        return valid;
    m_settings->beginGroup(QStringLiteral("%1/%2").arg(QLatin1String(kProfilesGroup), p.name));
    m_settings->setValue(QStringLiteral("host"), p.host);
    m_settings->setValue(QStringLiteral("port"), p.port);
    m_settings->setValue(QStringLiteral("database"), p.database);
    m_settings->setValue(QStringLiteral("user"), p.user);
    m_settings->setValue(QStringLiteral("sslMode"), p.sslMode);
    m_settings->setValue(QStringLiteral("sslRootCert"), p.sslRootCert);
    m_settings->setValue(QStringLiteral("demo"), p.demo);
    if (p.backupDir.isEmpty())
        m_settings->remove(QStringLiteral("backupDir"));
    else
        m_settings->setValue(QStringLiteral("backupDir"), p.backupDir);
    if (p.backupKeyFile.isEmpty())
        m_settings->remove(QStringLiteral("backupKeyFile"));
    else
        m_settings->setValue(QStringLiteral("backupKeyFile"), p.backupKeyFile);
    m_settings->setValue(QStringLiteral("pgbackrestStanza"), p.pgbackrestStanza);
    m_settings->setValue(QStringLiteral("pgbackrestConfig"), p.pgbackrestConfig);
    m_settings->endGroup();
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError)
        return Error { QStringLiteral("profile.write"),
                       QCoreApplication::translate("art32::Profile", "Could not write the profile to %1.")
                           .arg(QDir::toNativeSeparators(m_settings->fileName())) };
    return {};
}

void ProfileStore::remove(const QString& name)
{
    m_settings->remove(QStringLiteral("%1/%2").arg(QLatin1String(kProfilesGroup), name));
    m_settings->sync();
}

} // namespace art32
