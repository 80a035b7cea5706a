#pragma once

#include <QStringList>

namespace art32::ctl {

/** Exit codes of art32ctl. */
enum Exit { Ok = 0, Failed = 1, Usage = 2 };

struct Context
{
    QString profile; ///< --profile, empty when not given
};

int demo(const Context& ctx, const QStringList& args);
int db(const Context& ctx, const QStringList& args);
int profile(const Context& ctx, const QStringList& args);

} // namespace art32::ctl
