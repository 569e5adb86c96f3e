#pragma once
// Every question and message the main window puts to the user goes through here, so
// that tests can answer them (and check what was asked) instead of blocking on a
// modal dialog. The application uses MessageBoxDialogs.
#include <QString>

class QDialog;
class QWidget;

namespace volnet::ui {

class DialogService {
public:
    enum class SaveChoice { Save, Discard, Cancel };

    virtual ~DialogService() = default;

    virtual void showError(QWidget *parent, const QString &title, const QString &text) = 0;
    // "Save the changes to NAME?" before they would be lost.
    virtual SaveChoice askToSave(QWidget *parent, const QString &documentName) = 0;
    // A yes/no question whose "yes" button reads `acceptLabel`.
    virtual bool ask(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel) = 0;
    // Empty when the user cancels.
    virtual QString openFileName(QWidget *parent, const QString &title, const QString &directory) = 0;
    virtual QString saveFileName(QWidget *parent, const QString &title, const QString &suggestedPath) = 0;
    // Runs a dialog of the application's own (the template gallery); returns QDialog's result.
    virtual int exec(QDialog *dialog) = 0;
};

} // namespace volnet::ui
