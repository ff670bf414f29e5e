Attribute VB_Name = "RouteKPI"
Option Explicit

' Entry point of the "Recalculate plan" button on the Settings sheet.
' routekpi does the work in Python through xlwings' standalone RunPython;
' routekpi.excel.live writes the output sheets and the status cell itself.
' Source of truth: routekpi/vba/RouteKPI.bas (scripts/build_template.py embeds it).

' Must equal routekpi.schema.STATUS_CELL (tests/test_template.py checks this).
Private Const STATUS_CELL As String = "B2"

Public Sub RecalculatePlan()
    On Error GoTo Failed
    RunPython "import routekpi.excel.live as live; live.recalculate_plan()"
    ShowDashboard
    Exit Sub
Failed:
    ReportFailure Err.Number, Err.Description
End Sub

' One line in the status cell instead of a modal dialog: the message stays on the sheet
' where the user looks for the result. The sheet is found through the KGI name so that
' a renamed tab (e.g. the Japanese name) still works.
Private Sub ReportFailure(ByVal Number As Long, ByVal Description As String)
    Dim target As Range
    On Error Resume Next
    Set target = ThisWorkbook.Names("KGI").RefersToRange.Worksheet.Range(STATUS_CELL)
    If target Is Nothing Then Set target = ThisWorkbook.Worksheets("Settings").Range(STATUS_CELL)
    Description = Replace(Replace(Description, vbCr, " "), vbLf, " ")
    target.Value = "RouteKPI error " & Number & ": " & Description
End Sub

' The manager's first view after a recalculation: the Dashboard tab (canonical or Japanese
' name, routekpi.schema.DASHBOARD). Missing or renamed otherwise: stay where we are.
Private Sub ShowDashboard()
    Dim sh As Object
    Dim ja As String
    ja = ChrW(&H30C0) & ChrW(&H30C3) & ChrW(&H30B7) & ChrW(&H30E5) & ChrW(&H30DC) & ChrW(&H30FC) & ChrW(&H30C9)
    On Error Resume Next
    For Each sh In ThisWorkbook.Worksheets
        If sh.Name = "Dashboard" Or sh.Name = ja Then
            sh.Activate
            Exit Sub
        End If
    Next sh
End Sub
