#include "core/Clock.h"

namespace art32 {

const Clock& Clock::system()
{
    static const Clock clock;
    return clock;
}

} // namespace art32
