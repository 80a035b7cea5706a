#pragma once

#include "records/RecordStore.h"

#include <QWidget>
#include <atomic>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace art32 {
class Session;
struct Capabilities;
} // namespace art32

namespace art32::ui {

class AccountPanel;
class AccountsModel;
class Banner;

/** Accounts: a table that opens at once at any size, exact search, one account's records beside it. */
class AccountsView : public QWidget
{
    Q_OBJECT

public:
    explicit AccountsView(Session* session, QWidget* parent = nullptr);

    AccountsModel* model() const { return m_model; }
    AccountPanel* panel() const { return m_panel; }

    /** Where exports are suggested: "Art32 exports" in the user's documents, created private (0700). */
    static QString defaultExportDirectory();

    // The search, shared with the incident form's account picker (i14-evidence), so both search alike.
    /** The search modes the role may use, into an empty combo box; labelSearchModes() names them. */
    static void addSearchModes(QComboBox* modes, const Capabilities& may);
    static void labelSearchModes(QComboBox* modes);
    /** Searches as this view does (mode from addSearchModes), showing the result in model and problems in banner. */
    static void runSearch(Session* session, QObject* owner, AccountsModel* model, Banner* banner, int mode,
                          const QString& text);

signals:
    /** The panel's "Who saw its data?" (Audit view, i12-view). */
    void auditRequested(qint64 accountId);

public slots:
    void search();
    void clearSearch();
    void runIntegrityScan();
    void exportSubject();

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateStatus();
    /** Asks for the number of accounts there are (counted, or estimated for a large table). */
    void loadTotal();
    void currentChanged();

    Session* m_session;
    std::optional<records::AccountTotal> m_total;
    AccountsModel* m_model;
    Banner* m_banner;
    QComboBox* m_searchMode;
    QLineEdit* m_searchEdit;
    QTableView* m_table;
    AccountPanel* m_panel;
    QPushButton* m_scanButton;
    QPushButton* m_cancelScanButton;
    QPushButton* m_exportButton;
    QProgressBar* m_progress;
    QLabel* m_status;
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_loadedOnce = false;
};

} // namespace art32::ui
