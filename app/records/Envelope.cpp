#include "records/Envelope.h"

#include <QCoreApplication>
#include <QtEndian>
#include <algorithm>
#include <sodium.h>

namespace art32::envelope {
namespace {

constexpr char kRecordContext[] = "art32.record";
constexpr char kDekContext[] = "art32.dek";
constexpr char kIndexContext[] = "art32.bidx";

void appendBe64(QByteArray& out, std::int64_t v)
{
    unsigned char b[8];
    qToBigEndian(static_cast<quint64>(v), b);
    out.append(reinterpret_cast<const char*>(b), 8);
}

QByteArray header(std::uint32_t keyVersion, const unsigned char* nonce)
{
    QByteArray h(kHeaderBytes, Qt::Uninitialized);
    auto* p = reinterpret_cast<unsigned char*>(h.data());
    p[0] = kFormatV1;
    qToBigEndian(static_cast<quint32>(keyVersion), p + 1);
    if (nonce)
        memcpy(p + 5, nonce, kNonceBytes);
    else
        randombytes_buf(p + 5, kNonceBytes);
    return h;
}

/** AD = header (format, version, nonce) ‖ context ‖ the ids that bind the ciphertext. */
QByteArray recordAd(const QByteArray& hdr, std::int64_t accountId, std::int64_t recordId, RecordKind kind)
{
    QByteArray ad = hdr;
    ad.append(kRecordContext, sizeof kRecordContext - 1);
    appendBe64(ad, accountId);
    appendBe64(ad, recordId);
    ad.append(static_cast<char>(kind));
    return ad;
}

QByteArray dekAd(const QByteArray& hdr, std::int64_t accountId)
{
    QByteArray ad = hdr;
    ad.append(kDekContext, sizeof kDekContext - 1);
    appendBe64(ad, accountId);
    return ad;
}

QByteArray seal(const SecureBytes& key, const QByteArray& hdr, const QByteArray& ad, const unsigned char* msg,
                std::size_t len)
{
    QByteArray out = hdr;
    out.resize(kHeaderBytes + static_cast<qsizetype>(len) + kTagBytes);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(out.data()) + kHeaderBytes, &clen, msg,
                                               len, reinterpret_cast<const unsigned char*>(ad.constData()),
                                               static_cast<unsigned long long>(ad.size()), nullptr,
                                               reinterpret_cast<const unsigned char*>(hdr.constData()) + 5, key.data());
    return out;
}

bool wellFormed(const QByteArray& env)
{
    return env.size() >= kHeaderBytes + kTagBytes && static_cast<unsigned char>(env.at(0)) == kFormatV1;
}

} // namespace

Error integrityError()
{
    return { QStringLiteral("envelope.integrity"),
             QCoreApplication::translate("art32::Envelope",
                                         "Integrity error: this encrypted value was changed, or belongs to another "
                                         "account, row or kind. It was not shown.") };
}

std::uint32_t keyVersionOf(const QByteArray& env)
{
    if (!wellFormed(env))
        return 0;
    return qFromBigEndian<quint32>(reinterpret_cast<const unsigned char*>(env.constData()) + 1);
}

QByteArray sealRecord(const SecureBytes& dek, std::uint32_t dekVersion, std::int64_t accountId, std::int64_t recordId,
                      RecordKind kind, const QByteArray& plaintext, const unsigned char* nonce)
{
    const QByteArray hdr = header(dekVersion, nonce);
    return seal(dek, hdr, recordAd(hdr, accountId, recordId, kind),
                reinterpret_cast<const unsigned char*>(plaintext.constData()),
                static_cast<std::size_t>(plaintext.size()));
}

bool openRecordInto(const SecureBytes& dek, std::int64_t accountId, std::int64_t recordId, RecordKind kind,
                    const QByteArray& env, QByteArray& plain)
{
    if (!wellFormed(env) || dek.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
        plain.clear();
        return false;
    }
    // The associated data on the stack: this runs once per record in scans of millions.
    constexpr std::size_t ctx = sizeof kRecordContext - 1;
    unsigned char ad[kHeaderBytes + ctx + 8 + 8 + 1];
    memcpy(ad, env.constData(), kHeaderBytes);
    memcpy(ad + kHeaderBytes, kRecordContext, ctx);
    qToBigEndian(static_cast<quint64>(accountId), ad + kHeaderBytes + ctx);
    qToBigEndian(static_cast<quint64>(recordId), ad + kHeaderBytes + ctx + 8);
    ad[kHeaderBytes + ctx + 16] = static_cast<unsigned char>(kind);
    plain.resize(env.size() - kHeaderBytes - kTagBytes);
    unsigned long long plen = 0;
    const auto* e = reinterpret_cast<const unsigned char*>(env.constData());
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr, e + kHeaderBytes,
            static_cast<unsigned long long>(env.size() - kHeaderBytes), ad, sizeof ad, e + 5, dek.data())
        != 0) {
        plain.clear();
        return false;
    }
    return true;
}

Result<QByteArray> openRecord(const SecureBytes& dek, std::int64_t accountId, std::int64_t recordId, RecordKind kind,
                              const QByteArray& env)
{
    QByteArray plain;
    if (!openRecordInto(dek, accountId, recordId, kind, env, plain))
        return integrityError();
    return plain;
}

QByteArray wrapDek(const SecureBytes& kek, std::uint32_t kekVersion, std::int64_t accountId, const SecureBytes& dek,
                   const unsigned char* nonce)
{
    const QByteArray hdr = header(kekVersion, nonce);
    return seal(kek, hdr, dekAd(hdr, accountId), dek.data(), dek.size());
}

Result<void> unwrapDekInto(const SecureBytes& kek, std::int64_t accountId, const QByteArray& wrapped, SecureBytes& dek)
{
    if (!wellFormed(wrapped) || wrapped.size() != kHeaderBytes + 32 + kTagBytes || dek.size() != 32)
        return integrityError();
    const QByteArray hdr = QByteArray::fromRawData(wrapped.constData(), kHeaderBytes);
    const QByteArray ad = dekAd(hdr, accountId);
    unsigned long long len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            dek.data(), &len, nullptr, reinterpret_cast<const unsigned char*>(wrapped.constData()) + kHeaderBytes,
            static_cast<unsigned long long>(wrapped.size() - kHeaderBytes),
            reinterpret_cast<const unsigned char*>(ad.constData()), static_cast<unsigned long long>(ad.size()),
            reinterpret_cast<const unsigned char*>(hdr.constData()) + 5, kek.data())
        != 0) {
        sodium_memzero(dek.data(), dek.size());
        return integrityError();
    }
    return {};
}

Result<SecureBytes> unwrapDek(const SecureBytes& kek, std::int64_t accountId, const QByteArray& wrapped)
{
    SecureBytes dek(32);
    if (auto r = unwrapDekInto(kek, accountId, wrapped, dek); !r)
        return r.error();
    return dek;
}

NoncePool::NoncePool(int perDraw)
    : m_perDraw(std::max(perDraw, 1))
    , m_next(m_perDraw)
{ }

const unsigned char* NoncePool::next()
{
    if (m_next == m_perDraw) {
        m_bytes.resize(static_cast<qsizetype>(m_perDraw) * kNonceBytes);
        randombytes_buf(m_bytes.data(), static_cast<std::size_t>(m_bytes.size()));
        m_next = 0;
    }
    return reinterpret_cast<const unsigned char*>(m_bytes.constData()) + kNonceBytes * m_next++;
}

QString normalise(RecordKind kind, const QString& value)
{
    const QString v = value.trimmed();
    if (kind == RecordKind::Email)
        return v.toCaseFolded();
    if (kind == RecordKind::Phone) {
        QString digits;
        for (const QChar c : v) {
            if (c.isDigit())
                digits.append(c);
        }
        if (v.startsWith(QLatin1Char('+')))
            return QLatin1Char('+') + digits;
        if (digits.startsWith(QLatin1String("00")))
            return QLatin1Char('+') + digits.mid(2);
        if (digits.startsWith(QLatin1Char('0')))
            return QStringLiteral("+31") + digits.mid(1); // Dutch national format
        return QLatin1Char('+') + digits;
    }
    return v;
}

QByteArray blindIndex(const SecureBytes& indexKey, RecordKind kind, const QString& value)
{
    QByteArray input(kIndexContext, sizeof kIndexContext - 1);
    input.append(static_cast<char>(kind));
    input.append(normalise(kind, value).toUtf8());
    QByteArray out(16, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), 16,
                       reinterpret_cast<const unsigned char*>(input.constData()),
                       static_cast<unsigned long long>(input.size()), indexKey.data(), indexKey.size());
    return out;
}

} // namespace art32::envelope
