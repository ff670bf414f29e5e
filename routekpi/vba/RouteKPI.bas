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
