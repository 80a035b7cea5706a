#pragma once

#include <QByteArray>
#include <QDateTime>
#include <cstddef>
#include <vector>

namespace pqxx {
class binarystring;
class field;
} // namespace pqxx

/** Values in PostgreSQL's own formats, for bulk work where libpq's general-purpose conversions cost too much. */
namespace art32::pgwire {

/**
 * One-dimensional arrays in PostgreSQL's binary wire format (what array_send writes), for sending a whole
 * batch as one binary bind parameter cast with $n::bigint[] or $n::bytea[]. The server copies the values
 * instead of parsing a text literal: for a batch of 5000 wrapped keys that parsing alone cost more than
 * the UPDATE it fed.
 */
QByteArray int8Array(const std::vector<long long>& values);
/** A null QByteArray becomes SQL NULL. */
QByteArray byteaArray(const std::vector<QByteArray>& values);

/**
 * Decodes a bytea in text (hex) output format, "\x0a1b...", into out, reusing its buffer: no allocation
 * per value, unlike PQunescapeBytea. False (out emptied) for anything else.
 */
bool decodeBytea(const char* text, std::size_t length, QByteArray& out);

/** A bytea field's bytes. */
QByteArray bytes(const pqxx::field& field);

/** A timestamp fetched as extract(epoch FROM ...)::float8 (never parsed from text in a time zone); null: invalid. */
QDateTime epochTime(const pqxx::field& field);

/** The bytes as a binary (not text) bind parameter. */
pqxx::binarystring param(const QByteArray& bytes);

} // namespace art32::pgwire
