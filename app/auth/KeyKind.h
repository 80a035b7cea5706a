#pragma once

#include <QLatin1String>
#include <QStringView>

namespace art32 {

/** The two kinds of key an admin holds (DESIGN.md §4.3), in a KeyRing and in a rotation. */
enum class KeyKind { Kek, Index };

/** The server's name of the kind, as in art32.sealed_keys.kind and art32.key_rotations.kind. */
inline const char* keyKindKey(KeyKind kind)
{
    return kind == KeyKind::Kek ? "kek" : "index";
}

/** False for a name this console does not know. */
inline bool keyKindFromKey(QStringView key, KeyKind* kind)
{
    if (key == QLatin1String("kek"))
        *kind = KeyKind::Kek;
    else if (key == QLatin1String("index"))
        *kind = KeyKind::Index;
    else
        return false;
    return true;
}

} // namespace art32
