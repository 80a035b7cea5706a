#include "core/Logging.h"

Q_LOGGING_CATEGORY(lcKeychain, "art32.keychain", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "art32.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMigrate, "art32.migrate", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDemo, "art32.demo", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "art32.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "art32.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "art32.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRecords, "art32.records", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBackup, "art32.backup", QtInfoMsg)
