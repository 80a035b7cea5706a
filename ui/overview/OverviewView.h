#pragma once

#include "auth/Enrollment.h"
#include "records/Grants.h"
#include "records/RecordStore.h"
#include "records/Rotation.h"

#include <QWidget>
#include <optional>

class QLabel;

namespace art32 {
class Session;
}

namespace art32::ui {

class Banner;
class StatusTile;

/**
 * The first screen: is everything all right? One tile per promise the console can check so far. Later
 * views add their tiles here (backups, incidents, audit chain…).
 */
class OverviewView : public QWidget
{
    Q_OBJECT

public:
    explicit OverviewView(Session* session, QWidget* parent = nullptr);

signals:
    /** A tile was clicked: show the view (by object name, e.g. "accessWidget") that fixes what it reports. */
    void viewRequested(const QString& viewName);
    /** The connection or schema tile was clicked while connected: the About dialog has the server's details. */
    void aboutRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showStatus(); ///< the tiles from the session's server information
    void loadChecks(); ///< rotation state, admins and grants, through Services
    void showChecks();

    Session* m_session;
    QLabel* m_heading;
    Banner* m_banner;
    StatusTile* m_connectionTile;
    StatusTile* m_schemaTile;
    StatusTile* m_keysTile;
    StatusTile* m_adminsTile;
    StatusTile* m_grantsTile;
    QList<rotation::KeyStatus::Open> m_openRotations;
    QList<AdminInfo> m_admins;
    QList<AccessGrant> m_grants;
    bool m_checksLoaded = false;
    // Issue 11: admins locked out now, the last integrity scan.
    void showScan();
    StatusTile* m_scanTile;
    int m_lockedOut = -1; ///< -1: not known (or not for this role)
    std::optional<records::ScanResult> m_lastScan;
    bool m_scanLoaded = false;
};

} // namespace art32::ui
