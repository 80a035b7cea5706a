#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace art32 {
class Session;
class Settings;
} // namespace art32

namespace art32::ui {

class Banner;
class OverviewView;

/**
 * The console's one window: sidebar of views on the left (only those the role may use), the view in the
 * centre, and a status bar with profile · role · server · connection state.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /** Shows only the views the session's admin role may use (DESIGN.md §4.1); the server enforces it anyway. */
    MainWindow(Settings* settings, Session* session, QWidget* parent = nullptr);
    ~MainWindow() override;

    /** Switches to the view at this sidebar row. */
    void showView(int row);
    /** The object names of the views in the sidebar, in order (tests, keyboard shortcuts). */
    QStringList viewNames() const;

public slots:
    void showSettings();
    void showAbout();
    /** Seconds until the idle lock, for the status bar. */
    void setAutoLockRemaining(int seconds);

signals:
    void lockRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void createActions();
    void retranslate();
    void updateStatus();
    void addView(const QString& iconName, QWidget* view, const QString& title);

    Settings* m_settings;
    Session* m_session;
    QListWidget* m_sidebar;
    QStackedWidget* m_stack;
    OverviewView* m_overview;
    QLabel* m_profileLabel;
    QLabel* m_roleLabel;
    QLabel* m_serverLabel;
    QLabel* m_connectionIcon;
    QLabel* m_connectionLabel;
    QLabel* m_autoLockLabel;
    QStringList m_viewTitles; ///< source texts (English), translated when shown
    int m_autoLockSeconds = -1;
    struct Actions;
    Actions* m_actions;
    // Connection lost (issue 11)
    void showConnectionBanner();
    Banner* m_connectionBanner = nullptr;
};

} // namespace art32::ui
