#pragma once

#include <QWidget>

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

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showStatus(); ///< the tiles from the session's server information

    Session* m_session;
    QLabel* m_heading;
    Banner* m_banner;
    StatusTile* m_connectionTile;
    StatusTile* m_schemaTile;
    StatusTile* m_keysTile;
};

} // namespace art32::ui
