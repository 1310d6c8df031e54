package dingtalktest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The routes of the meeting controls, recordings, AI notes and schedules,
// added to servedCases: each complete request, the fields the models
// require and a bad value for each enumerated field, written from the
// references.

const schedSettingsJSON = `{"cohostUnionIds":["union-bob"],"muteOnJoin":-1,"lockRoom":1,"screenShareForbidden":0,` +
	`"moziConfOpenRecordSetting":{"recordAutoStart":0,"recordAutoStartType":2,"mode":"grid"},` +
	`"moziConfVirtualExtraSetting":{"waitingRoom":1,"joinBeforeHost":0,"enableChat":1,"lockNick":0,"lockMediaStatusMicMute":0,` +
	`"moziConfExtensionAppSettings":[{"coolAppCode":"COOLAPP-1","autoOpenMode":1}]},` +
	`"aiAgentSummarySetting":{"enableAiAgentStatus":true}}`

// settingEnums are the scheduleConfSettingModel fields with value lists.
var settingEnums = map[string]any{
	"scheduleConfSettingModel.lockRoom":                                                              2,
	"scheduleConfSettingModel.screenShareForbidden":                                                  -1,
	"scheduleConfSettingModel.muteOnJoin":                                                            1,
	"scheduleConfSettingModel.moziConfOpenRecordSetting.mode":                                        "演讲",
	"scheduleConfSettingModel.moziConfOpenRecordSetting.recordAutoStart":                             3,
	"scheduleConfSettingModel.moziConfOpenRecordSetting.recordAutoStartType":                         5,
	"scheduleConfSettingModel.moziConfVirtualExtraSetting.waitingRoom":                               2,
	"scheduleConfSettingModel.moziConfVirtualExtraSetting.joinBeforeHost":                            2,
	"scheduleConfSettingModel.moziConfVirtualExtraSetting.enableChat":                                2,
	"scheduleConfSettingModel.moziConfVirtualExtraSetting.lockNick":                                  2,
	"scheduleConfSettingModel.moziConfVirtualExtraSetting.lockMediaStatusMicMute":                    2,
	"scheduleConfSettingModel.moziConfVirtualExtraSetting.moziConfExtensionAppSettings.autoOpenMode": 4,
}

var meetingControlCases = []servedCase{
	{name: "invite", method: "POST", path: vcID + "/users/invite",
		body:     `{"unionId":"union-alice","inviteeList":[{"unionId":"union-bob","nick":"Bob"}]}`,
		required: []string{"inviteeList.nick"}, resp: []string{"success"}},
	{name: "settings", method: "PUT", path: vcID, body: `{"muteAll":true,"lockConference":false}`, resp: []string{"code", "case"}},
	{name: "batch", method: "POST", path: vcPath + "query", body: `{"conferenceIdList":["{id}"]}`,
		required: []string{"conferenceIdList"}, resp: []string{"infos"}},
	{name: "recordStart", method: "POST", path: vcID + "/cloudRecords/start",
		body: `{"unionId":"union-alice","mode":"grid","smallWindowPosition":"float_bottom"}`, required: []string{"unionId"},
		enums: map[string]any{"mode": "演讲", "smallWindowPosition": "左上"}, resp: []string{"code"}},
	{name: "recordStop", method: "POST", path: vcID + "/cloudRecords/stop", body: `{"unionId":"union-alice"}`,
		required: []string{"unionId"}, resp: []string{"code"}, prep: []string{"/cloudRecords/start"}},
	{name: "getVideos", method: "GET", path: vcID + "/cloudRecords/getVideos?unionId=union-alice", query: []string{"unionId"},
		resp: []string{"videoList"}, prep: []string{"/cloudRecords/start", "/cloudRecords/stop"}},
	{name: "getPlayInfos", method: "GET", path: vcID + "/cloudRecords/videos/getPlayInfos?unionId=union-alice&mediaId={media}&regionId=cn-shenzhen",
		query: []string{"mediaId", "regionId", "unionId"}, resp: []string{"playUrl", "mp4FileUrl", "duration", "fileSize", "status"},
		prep: []string{"/cloudRecords/start", "/cloudRecords/stop"}},
	{name: "minutesStart", method: "POST", path: vcID + "/minutes/start", body: `{"unionId":"union-alice","recordAudio":true}`,
		resp: []string{"code"}},
	{name: "minutesPause", method: "POST", path: vcID + "/minutes/pause", body: `{"unionId":"union-alice"}`,
		required: []string{"unionId"}, resp: []string{"code"}, prep: []string{"/minutes/start"}},
	{name: "minutesSummary", method: "POST", path: vcID + "/minutes/summaries/query",
		body: `{"unionId":"union-alice","summaryTypeList":["paragraphSummary","actions","keywords"]}`, required: []string{"unionId"},
		resp: []string{"summary"}, prep: []string{"/minutes/start", "/minutes/pause"}},
	{name: "minutesResult", method: "GET", path: vcID + "/minutes/meetingResult?unionId=union-alice", query: []string{"unionId"},
		resp: []string{"fullSummary", "action"}, prep: []string{"/minutes/start", "/minutes/pause"}},
	{name: "scheduleCreate", method: "POST", path: schedPath,
		body:     `{"creatorUnionId":"union-alice","title":"Plan","startTime":{start},"endTime":{end},"scheduleConfSettingModel":` + schedSettingsJSON + `}`,
		required: []string{"creatorUnionId", "endTime", "startTime", "title"}, enums: settingEnums,
		resp: []string{"scheduleConferenceId", "roomCode", "url", "phones", "requestId"}},
	{name: "scheduleUpdate", method: "PUT", path: schedPath,
		body:     `{"creatorUnionId":"union-alice","scheduleConferenceId":"{sched}","title":"Plan B","startTime":{start},"endTime":{end}}`,
		required: []string{"creatorUnionId", "endTime", "scheduleConferenceId", "startTime", "title"}, resp: []string{"success"}},
	{name: "scheduleSettings", method: "PUT", path: schedPath + "/settings",
		body:     `{"creatorUnionId":"union-alice","scheduleConferenceId":"{sched}","scheduleConfSettingModel":` + schedSettingsJSON + `}`,
		required: []string{"creatorUnionId", "scheduleConferenceId"}, enums: settingEnums, resp: []string{"success"}},
	{name: "scheduleCancel", method: "POST", path: schedPath + "/cancel",
		body:     `{"creatorUnionId":"union-alice","scheduleConferenceId":"{sched}"}`,
		required: []string{"creatorUnionId", "scheduleConferenceId"}, resp: []string{"success"}},
	{name: "scheduleQuery", method: "GET", path: schedPath + "/{sched}/infos?requestUnionId=union-alice", query: []string{"requestUnionId"},
		resp: []string{"scheduleConferenceId", "title", "startTime", "endTime", "roomCode", "url", "phones", "requestId"}},
	{name: "scheduleConfs", method: "GET", path: schedConfsPath + "{sched}",
		resp: []string{"conferenceList", "nextToken", "totalCount"}},
}

func init() { servedCases = append(servedCases, meetingControlCases...) }

// meetingCaseScopes is the permission scope of each new route.
var meetingCaseScopes = map[string]string{
	"invite": scopeConfWrite, "settings": scopeConfWrite, "batch": scopeConfRead,
	"recordStart": scopeConfWrite, "recordStop": scopeConfWrite, "getVideos": scopeConfRead, "getPlayInfos": scopeConfRead,
	"minutesStart": scopeConfWrite, "minutesPause": scopeConfWrite, "minutesSummary": scopeConfRead, "minutesResult": scopeConfRead,
	"scheduleCreate": scopeConfWrite, "scheduleUpdate": scopeConfWrite, "scheduleSettings": scopeConfWrite,
	"scheduleCancel": scopeConfWrite, "scheduleQuery": scopeConfRead, "scheduleConfs": scopeConfRead,
}

// TestMeetingRoutesPipeline: faults, the permission scope, the monthly
// quota and the call log apply to every new route as to the others.
func TestMeetingRoutesPipeline(t *testing.T) {
	t.Parallel()
	for _, c := range meetingControlCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, fill, tok := servedFixture(t, c)
			path, body := c.build(t, fill, nil, nil)
			bare, _, _ := strings.Cut(path, "?")
			before := s.CountCalls(c.method, bare)

			s.Fault(Fault{Method: c.method, Path: bare, Kind: "permission", Count: 1})
			r := do(t, s, c.method, path, tok, body)
			assert.Equal(t, http.StatusForbidden, r.status, string(r.raw))
			assert.Equal(t, map[string]any{"requiredScopes": []any{meetingCaseScopes[c.name]}}, r.body["accessdenieddetail"])
			s.Fault(Fault{Method: c.method, Path: bare, Kind: "systemError", Count: 1})
			assert.Equal(t, "systemError", do(t, s, c.method, path, tok, body).str("code"))

			s.ExhaustQuota()
			assert.Equal(t, "Forbidden.AccessDenied.ApiCountLimitForOrg", do(t, s, c.method, path, tok, body).str("code"))
			s.RestoreQuota()
			r = do(t, s, c.method, path, tok, body)
			assert.Equal(t, http.StatusOK, r.status, string(r.raw))
			assert.Equal(t, before+4, s.CountCalls(c.method, bare), "every call is logged")
		})
	}
}

// TestMeetingRoutesQPS: each new route is an API of its own under the
// QPS limit.
func TestMeetingRoutesQPS(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{QPSLimit: 1})
	tok := token(t, s)
	fill := strings.NewReplacer("{id}", "c1", "{sched}", "s1", "{media}", "m1", "{start}", "1", "{end}", "2")
	for _, c := range meetingControlCases {
		path, body := c.build(t, fill, nil, nil)
		first := do(t, s, c.method, path, tok, body)
		assert.NotEqual(t, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", first.str("code"), c.name)
		second := do(t, s, c.method, path, tok, body)
		assert.Equal(t, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", second.str("code"), c.name)
	}
}
