#pragma once

#include <QStringList>

namespace art32::ctl {

/** Exit codes of art32ctl. */
enum Exit { Ok = 0, Failed = 1, Usage = 2 };

struct Context
{
    QString profile; ///< --profile, empty when not given
    QString code; ///< --code, the TOTP code; asked for on the terminal when empty
};

int demo(const Context& ctx, const QStringList& args);
int db(const Context& ctx, const QStringList& args);
int profile(const Context& ctx, const QStringList& args);
int keys(const Context& ctx, const QStringList& args);
int admin(const Context& ctx, const QStringList& args);
int records(const Context& ctx, const QStringList& args);
int subject(const Context& ctx, const QStringList& args);
int access(const Context& ctx, const QStringList& args);

} // namespace art32::ctl
