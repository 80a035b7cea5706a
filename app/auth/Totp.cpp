#include "auth/Totp.h"

#include "core/Clock.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>
#include <cstdlib>
#include <liboath/oath.h>
#include <sodium.h>

namespace art32 {
namespace {

bool oathReady()
{
    static const bool ready = oath_init() == OATH_OK;
    return ready;
}

} // namespace

SecureBytes Totp::generateSecret()
{
    SecureBytes secret(kSecretBytes);
    randombytes_buf(secret.data(), secret.size());
    return secret;
}

QString Totp::base32(const SecureBytes& secret)
{
    oathReady();
    char* out = nullptr;
    size_t outLen = 0;
    if (oath_base32_encode(reinterpret_cast<const char*>(secret.data()), secret.size(), &out, &outLen) != OATH_OK)
        return QString();
    QString text = QString::fromLatin1(out, static_cast<qsizetype>(outLen));
    sodium_memzero(out, outLen);
    free(out);
    while (text.endsWith(QLatin1Char('=')))
        text.chop(1);
    return text;
}

Result<SecureBytes> Totp::fromBase32(const QString& text)
{
    oathReady();
    QByteArray in = text.toLatin1().toUpper();
    in.replace(' ', QByteArray());
    while (in.size() % 8)
        in.append('=');
    char* out = nullptr;
    size_t outLen = 0;
    const int rc = oath_base32_decode(in.constData(), static_cast<size_t>(in.size()), &out, &outLen);
    sodium_memzero(in.data(), static_cast<size_t>(in.size()));
    if (rc != OATH_OK)
        return Error { QStringLiteral("totp.base32"),
                       QCoreApplication::translate("art32::Totp", "The TOTP secret is not valid base32.") };
    SecureBytes secret(outLen);
    memcpy(secret.data(), out, outLen);
    sodium_memzero(out, outLen);
    free(out);
    return secret;
}

QString Totp::otpauthUri(const QString& issuer, const QString& account, const SecureBytes& secret)
{
    QUrl url;
    url.setScheme(QStringLiteral("otpauth"));
    url.setHost(QStringLiteral("totp"));
    url.setPath(QLatin1Char('/') + issuer + QLatin1Char(':') + account);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("secret"), base32(secret));
    query.addQueryItem(QStringLiteral("issuer"), issuer);
    query.addQueryItem(QStringLiteral("algorithm"), QStringLiteral("SHA1"));
    query.addQueryItem(QStringLiteral("digits"), QString::number(kDigits));
    query.addQueryItem(QStringLiteral("period"), QString::number(kStep));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

Result<QString> Totp::codeAt(const SecureBytes& secret, qint64 unixTime, int digits)
{
    if (!oathReady())
        return Error { QStringLiteral("totp.init"),
                       QCoreApplication::translate("art32::Totp", "liboath did not start.") };
    char code[16] = {};
    const int rc = oath_totp_generate2(reinterpret_cast<const char*>(secret.data()), secret.size(),
                                       static_cast<time_t>(unixTime), kStep, 0, static_cast<unsigned>(digits), 0, code);
    if (rc != OATH_OK)
        return Error { QStringLiteral("totp.generate"),
                       QCoreApplication::translate("art32::Totp", "Could not compute a TOTP code: %1")
                           .arg(QString::fromLatin1(oath_strerror(rc))) };
    return QString::fromLatin1(code);
}

Result<QString> Totp::currentCode(const SecureBytes& secret, const Clock& clock)
{
    return codeAt(secret, clock.secondsSinceEpoch());
}

bool Totp::verify(const SecureBytes& secret, const QString& code, const Clock& clock)
{
    if (!oathReady() || code.size() != kDigits)
        return false;
    const QByteArray otp = code.toLatin1();
    const int rc = oath_totp_validate(reinterpret_cast<const char*>(secret.data()), secret.size(),
                                      static_cast<time_t>(clock.secondsSinceEpoch()), kStep, 0, 1, otp.constData());
    return rc >= 0;
}

} // namespace art32
