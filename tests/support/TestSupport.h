#pragma once

#include "store/Profile.h"

#include <QString>
#include <string>

namespace art32::test {

/**
 * True when the harness started the real services. Otherwise the calling test must QSKIP, unless
 * ART32_TEST_REQUIRE_SERVICES is set (as the harness does), in which case a missing service is a failure.
 */
bool servicesAvailable();

/** Superuser profile of the harness's PostgreSQL cluster (trust over its private socket). */
Profile superuserProfile(const QString& database = QStringLiteral("postgres"));

/** Drops (if present) and creates a database for one test class; returns its superuser profile. */
Profile freshDatabase(const QString& name);

/** Creates or resets a LOGIN role with a password, optionally in a group role. */
void createLoginRole(const QString& role, const std::string& password, const QString& inGroup = QString());

/** Runs one SQL statement (no parameters) as superuser in a database. */
void superuserExec(const QString& database, const std::string& sql);

} // namespace art32::test

/** Skips the test (or fails it under the harness) when the real services are not running. */
#define ART32_REQUIRE_SERVICES()                                                                                       \
    do {                                                                                                               \
        if (!art32::test::servicesAvailable()) {                                                                       \
            if (qEnvironmentVariableIsSet("ART32_TEST_REQUIRE_SERVICES"))                                              \
                QFAIL("the harness's PostgreSQL/Secret Service are not available");                                    \
            QSKIP("needs PostgreSQL and a Secret Service: run through tests/support/harness (scripts/test)");          \
        }                                                                                                              \
    } while (false)
