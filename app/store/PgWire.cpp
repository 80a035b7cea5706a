#include "store/PgWire.h"

#include <QtEndian>
#include <array>
#include <pqxx/binarystring>
#include <pqxx/field>

namespace art32::pgwire {
namespace {

constexpr quint32 kInt8Oid = 20;
constexpr quint32 kByteaOid = 17;

void put32(QByteArray& out, quint32 v)
{
    unsigned char b[4];
    qToBigEndian(v, b);
    out.append(reinterpret_cast<const char*>(b), 4);
}

/** ndim = 1, the null flag, the element type, then the one dimension (size, lower bound 1). */
QByteArray header(std::size_t count, bool hasNull, quint32 elementOid, qsizetype payload)
{
    QByteArray out;
    out.reserve(20 + payload);
    put32(out, 1);
    put32(out, hasNull ? 1 : 0);
    put32(out, elementOid);
    put32(out, static_cast<quint32>(count));
    put32(out, 1);
    return out;
}

} // namespace

QByteArray int8Array(const std::vector<long long>& values)
{
    QByteArray out = header(values.size(), false, kInt8Oid, static_cast<qsizetype>(values.size()) * 12);
    for (const long long v : values) {
        put32(out, 8);
        unsigned char b[8];
        qToBigEndian(static_cast<quint64>(v), b);
        out.append(reinterpret_cast<const char*>(b), 8);
    }
    return out;
}

QByteArray byteaArray(const std::vector<QByteArray>& values)
{
    bool hasNull = false;
    qsizetype payload = 0;
    for (const QByteArray& v : values) {
        hasNull = hasNull || v.isNull();
        payload += 4 + v.size();
    }
    QByteArray out = header(values.size(), hasNull, kByteaOid, payload);
    for (const QByteArray& v : values) {
        put32(out, v.isNull() ? 0xFFFFFFFFu : static_cast<quint32>(v.size())); // -1: NULL
        out.append(v);
    }
    return out;
}

bool decodeBytea(const char* text, std::size_t length, QByteArray& out)
{
    // Hex digit values, 0xFF for anything else: one table lookup per character.
    static const auto table = [] {
        std::array<unsigned char, 256> t {};
        t.fill(0xFF);
        for (int c = 0; c < 10; ++c)
            t['0' + c] = static_cast<unsigned char>(c);
        for (int c = 0; c < 6; ++c) {
            t['a' + c] = static_cast<unsigned char>(10 + c);
            t['A' + c] = static_cast<unsigned char>(10 + c);
        }
        return t;
    }();
    if (length < 2 || text[0] != '\\' || text[1] != 'x' || length % 2 != 0) {
        out.clear();
        return false;
    }
    const std::size_t n = (length - 2) / 2;
    out.resize(static_cast<qsizetype>(n));
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    const auto* src = reinterpret_cast<const unsigned char*>(text) + 2;
    unsigned char bad = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char hi = table[src[2 * i]];
        const unsigned char lo = table[src[2 * i + 1]];
        bad |= static_cast<unsigned char>(hi | lo);
        dst[i] = static_cast<unsigned char>(hi << 4 | lo);
    }
    if (bad & 0xF0) {
        out.clear();
        return false;
    }
    return true;
}

QByteArray bytes(const pqxx::field& field)
{
    const pqxx::binarystring b(field);
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}

QDateTime epochTime(const pqxx::field& field)
{
    if (field.is_null())
        return QDateTime();
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(field.as<double>() * 1000.0), Qt::UTC);
}

pqxx::binarystring param(const QByteArray& bytes)
{
    return pqxx::binarystring(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

} // namespace art32::pgwire
