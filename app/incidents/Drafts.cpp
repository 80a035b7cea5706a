#include "incidents/Drafts.h"

#include "core/Logging.h"
#include "keychain/Keychain.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>
#include <sodium.h>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace art32::incidents {
namespace {

// docs/FORMAT.md §14. The header is authenticated as associated data, with the profile and the incident.
constexpr char kMagic[] = "A32DRAFT";
constexpr int kMagicBytes = 8;
constexpr unsigned char kVersion = 1;
constexpr int kKeyIdBytes = 16;
constexpr int kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr int kHeaderBytes = kMagicBytes + 1 + kKeyIdBytes + kNonceBytes; // 49
constexpr int kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr int kBlock = 256; ///< the plaintext is padded to a multiple of this: the file shows the input's size roughly
constexpr char kKeyIdContext[] = "art32 incident draft key id v1";

QByteArray keyId(const SecureBytes& key)
{
    QByteArray id(kKeyIdBytes, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(id.data()), kKeyIdBytes,
                       reinterpret_cast<const unsigned char*>(kKeyIdContext), sizeof kKeyIdContext - 1, key.data(),
                       key.size());
    return id;
}

QByteArray associatedData(const QByteArray& header, const QString& profile, const QString& incident)
{
    return header + profile.toUtf8() + '\0' + incident.toUtf8();
}

QString describe(const QString& incident)
{
    return incident == QLatin1String("new")
        ? QCoreApplication::translate("art32::incidents::Drafts", "The draft of the new incident")
        : QCoreApplication::translate("art32::incidents::Drafts", "The draft of incident %1").arg(incident);
}

/** Makes a directory (and its parents) and restricts it to its owner; a symlink is refused. */
Result<void> privateDirectory(const QString& path)
{
    const QFileInfo info(path);
    if (info.isSymLink())
        return Error { QStringLiteral("draft.dir"),
                       QCoreApplication::translate(
                           "art32::incidents::Drafts",
                           "The drafts folder %1 is a symbolic link; drafts are not kept there.")
                           .arg(path) };
    if (!QDir().mkpath(path))
        return Error {
            QStringLiteral("draft.dir"),
            QCoreApplication::translate("art32::incidents::Drafts", "Could not create the drafts folder %1.").arg(path)
        };
    if (!QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return Error { QStringLiteral("draft.dir"),
                       QCoreApplication::translate("art32::incidents::Drafts",
                                                   "Could not make the drafts folder %1 private.")
                           .arg(path) };
    return {};
}

void syncDirectory(const QString& path)
{
#ifdef Q_OS_UNIX
    // The rename is durable once the directory entry is: fsync the directory too.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(path);
#endif
}

} // namespace

namespace drafts {

QString keychainKey(const QString& profile)
{
    return QStringLiteral("profile/%1/incident-draft-key").arg(profile);
}

QByteArray seal(const Draft& draft, const SecureBytes& key, const QString& profile)
{
    Q_ASSERT(key.size() == kKeyBytes);
    QJsonObject payload { { QStringLiteral("format"), 1 },
                          { QStringLiteral("incident"), draft.incident },
                          { QStringLiteral("base_version"), draft.baseVersion },
                          { QStringLiteral("saved_at"),
                            draft.savedAt.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")) },
                          { QStringLiteral("fields"), draft.fields } };
    QByteArray plain = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    const size_t unpadded = static_cast<size_t>(plain.size());
    plain.resize(static_cast<qsizetype>((unpadded / kBlock + 1) * kBlock));
    size_t padded = 0;
    sodium_pad(&padded, reinterpret_cast<unsigned char*>(plain.data()), unpadded, kBlock,
               static_cast<size_t>(plain.size()));
    plain.resize(static_cast<qsizetype>(padded));

    QByteArray header;
    header.append(kMagic, kMagicBytes);
    header.append(static_cast<char>(kVersion));
    header.append(keyId(key));
    QByteArray nonce(kNonceBytes, '\0');
    randombytes_buf(nonce.data(), kNonceBytes);
    header.append(nonce);
    const QByteArray ad = associatedData(header, profile, draft.incident);

    QByteArray out = header;
    out.resize(kHeaderBytes + plain.size() + kTagBytes);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(out.data()) + kHeaderBytes, &written,
        reinterpret_cast<const unsigned char*>(plain.constData()), static_cast<unsigned long long>(plain.size()),
        reinterpret_cast<const unsigned char*>(ad.constData()), static_cast<unsigned long long>(ad.size()), nullptr,
        reinterpret_cast<const unsigned char*>(nonce.constData()), key.data());
    out.resize(kHeaderBytes + static_cast<qsizetype>(written));
    wipe(plain);
    return out;
}

Result<Draft> open(const QByteArray& bytes, const SecureBytes& key, const QString& profile, const QString& incident)
{
    const QString what = describe(incident);
    if (bytes.size() >= kMagicBytes && bytes.left(kMagicBytes) != QByteArray(kMagic, kMagicBytes))
        return Error { QStringLiteral("draft.format"),
                       QCoreApplication::translate("art32::incidents::Drafts",
                                                   "%1 is not a draft file of Art32 Console.")
                           .arg(what) };
    if (bytes.size() > kMagicBytes && static_cast<unsigned char>(bytes.at(kMagicBytes)) != kVersion)
        return Error { QStringLiteral("draft.format"),
                       QCoreApplication::translate(
                           "art32::incidents::Drafts",
                           "%1 was written in a draft format this version cannot read (format %2).")
                           .arg(what)
                           .arg(static_cast<unsigned char>(bytes.at(kMagicBytes))) };
    const qsizetype body = bytes.size() - kHeaderBytes - kTagBytes;
    if (body < kBlock || body % kBlock != 0)
        return Error { QStringLiteral("draft.truncated"),
                       QCoreApplication::translate("art32::incidents::Drafts",
                                                   "%1 is cut short (%2 bytes): it was not written to its end.")
                           .arg(what)
                           .arg(bytes.size()) };
    if (key.size() != kKeyBytes
        || sodium_memcmp(bytes.constData() + kMagicBytes + 1, keyId(key).constData(), kKeyIdBytes) != 0)
        return Error { QStringLiteral("draft.wrong_key"),
                       QCoreApplication::translate(
                           "art32::incidents::Drafts",
                           "%1 was encrypted with another draft key than the one this profile has in the keychain "
                           "(the keychain entry was replaced, or the file comes from another computer).")
                           .arg(what) };
    const QByteArray header = bytes.left(kHeaderBytes);
    const QByteArray ad = associatedData(header, profile, incident);
    QByteArray plain(body, '\0');
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr,
            reinterpret_cast<const unsigned char*>(bytes.constData()) + kHeaderBytes,
            static_cast<unsigned long long>(bytes.size() - kHeaderBytes),
            reinterpret_cast<const unsigned char*>(ad.constData()), static_cast<unsigned long long>(ad.size()),
            reinterpret_cast<const unsigned char*>(header.constData()) + kMagicBytes + 1 + kKeyIdBytes, key.data())
        != 0)
        return Error { QStringLiteral("draft.tampered"),
                       QCoreApplication::translate(
                           "art32::incidents::Drafts",
                           "%1 failed its integrity check: it was changed or damaged, or belongs to another incident "
                           "or profile.")
                           .arg(what) };
    size_t unpadded = 0;
    const bool padded = sodium_unpad(&unpadded, reinterpret_cast<const unsigned char*>(plain.constData()),
                                     static_cast<size_t>(length), kBlock)
        == 0;
    QJsonParseError parseError;
    const QJsonDocument doc
        = padded ? QJsonDocument::fromJson(plain.left(static_cast<qsizetype>(unpadded)), &parseError) : QJsonDocument();
    wipe(plain);
    const QJsonObject o = doc.object();
    Draft draft;
    draft.incident = o.value(QStringLiteral("incident")).toString();
    draft.baseVersion = o.value(QStringLiteral("base_version")).toInt();
    draft.savedAt = QDateTime::fromString(o.value(QStringLiteral("saved_at")).toString(), Qt::ISODateWithMs);
    draft.fields = o.value(QStringLiteral("fields")).toObject();
    if (!padded || !doc.isObject() || o.value(QStringLiteral("format")).toInt() != 1 || draft.incident != incident
        || !draft.savedAt.isValid())
        return Error { QStringLiteral("draft.format"),
                       QCoreApplication::translate("art32::incidents::Drafts",
                                                   "%1 could not be read: its content is not a draft.")
                           .arg(what) };
    return draft;
}

} // namespace drafts

DraftStore::DraftStore(QString profile, QString root)
    : m_profile(std::move(profile))
    , m_root(std::move(root))
{ }

QString DraftStore::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/drafts");
}

QString DraftStore::directory() const
{
    // Dots are encoded too: a profile named ".." stays a folder of its own.
    return m_root + QLatin1Char('/')
        + QString::fromLatin1(QUrl::toPercentEncoding(m_profile, QByteArray(), QByteArrayLiteral(".~")));
}

QString DraftStore::pathFor(const QString& incident) const
{
    return directory() + QLatin1Char('/') + incident + QStringLiteral(".draft");
}

Result<void> DraftStore::ensureDirectory() const
{
    if (auto root = privateDirectory(m_root); !root)
        return root;
    return privateDirectory(directory());
}

Result<void> DraftStore::write(const Draft& draft, const SecureBytes& key) const
{
    if (auto dir = ensureDirectory(); !dir)
        return dir;
    const QString path = pathFor(draft.incident);
    const auto failed = [&](const QString& why) {
        qCWarning(lcStore) << "draft not written:" << why;
        return Error {
            QStringLiteral("draft.write"),
            QCoreApplication::translate("art32::incidents::Drafts", "Could not save the draft in %1: %2").arg(path, why)
        };
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    // The temporary file is ours alone before the first byte (the directory is 0700 anyway).
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = drafts::seal(draft, key, m_profile);
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        return failed(file.errorString());
    }
    // commit() flushes, fsyncs the temporary file and renames it over the old draft.
    if (!file.commit())
        return failed(file.errorString());
    syncDirectory(directory());
    return {};
}

Result<std::optional<Draft>> DraftStore::read(const QString& incident, const SecureBytes& key) const
{
    const QString path = pathFor(incident);
    QFile file(path);
    if (!file.exists())
        return std::optional<Draft>();
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("draft.read"),
                       QCoreApplication::translate("art32::incidents::Drafts", "Could not read the draft %1: %2")
                           .arg(path, file.errorString()) };
    const QByteArray bytes = file.readAll();
    file.close();
    Result<Draft> opened = drafts::open(bytes, key, m_profile, incident);
    if (opened)
        return std::optional<Draft>(std::move(opened).value());
    // Never loaded, never deleted: set aside for whoever wants to look at it, out of the way of the next draft.
    const QString aside = path + QStringLiteral(".rejected-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmsszzzZ"));
    const bool moved = QFile::rename(path, aside);
    qCWarning(lcStore) << "draft set aside:" << opened.error().code;
    Error error = opened.error();
    error.message = moved
        ? QCoreApplication::translate("art32::incidents::Drafts", "%1 It was not loaded, and was set aside as %2.")
              .arg(error.message, aside)
        : QCoreApplication::translate("art32::incidents::Drafts",
                                      "%1 It was not loaded, and could not be set aside (%2).")
              .arg(error.message, path);
    return error;
}

bool DraftStore::remove(const QString& incident) const
{
    const QString path = pathFor(incident);
    const bool gone = !QFile::exists(path) || QFile::remove(path);
    if (gone)
        syncDirectory(directory());
    return gone;
}

QStringList DraftStore::pending() const
{
    QStringList names;
    const QFileInfoList files
        = QDir(directory()).entryInfoList({ QStringLiteral("*.draft") }, QDir::Files, QDir::Time | QDir::Reversed);
    for (const QFileInfo& f : files)
        names << f.completeBaseName();
    return names;
}

void obtainDraftKey(Keychain& keychain, const QString& profile, QObject* context, DraftKeyDone done)
{
    const QString entry = drafts::keychainKey(profile);
    const auto deliver = [](Keychain::Reply& reply, const DraftKeyDone& done) {
        if (reply.ok() && reply.secret.size() == drafts::kKeyBytes) {
            auto key = std::make_shared<SecureBytes>(SecureBytes::fromByteArray(reply.secret));
            wipe(reply.secret);
            done(key);
            return;
        }
        wipe(reply.secret);
        done(Error {
            QStringLiteral("draft.keychain"),
            reply.ok()
                ? QCoreApplication::translate(
                    "art32::incidents::Drafts",
                    "The keychain's draft key for this profile is not 32 bytes long; drafts are off.")
                : QCoreApplication::translate("art32::incidents::Drafts", "Drafts are off: %1").arg(reply.message) });
    };
    QPointer<Keychain> chain(&keychain);
    keychain.read(
        entry,
        [chain, entry, context, done, deliver](Keychain::Reply reply) mutable {
            if (reply.status != Keychain::Status::NotFound || !chain) {
                deliver(reply, done);
                return;
            }
            // First use: a new key, stored, then read back, so a console that raced us and stored its own first
            // ends up with the same key as we do.
            QByteArray fresh(drafts::kKeyBytes, '\0');
            randombytes_buf(fresh.data(), static_cast<size_t>(fresh.size()));
            chain->write(
                entry, fresh,
                [chain, entry, context, done, deliver, fresh](Keychain::Reply written) mutable {
                    // The job shared these bytes until it finished: only now can they be zeroed.
                    wipe(fresh);
                    if (!written.ok() || !chain) {
                        deliver(written, done);
                        return;
                    }
                    chain->read(
                        entry, [done, deliver](Keychain::Reply again) mutable { deliver(again, done); }, context);
                },
                context);
        },
        context);
}

} // namespace art32::incidents
