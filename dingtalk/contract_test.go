package dingtalk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/testkit"
)

// The wire contract: for every endpoint the client calls, the fields
// DingTalk requires (docs/wire-contract.md §9, from the official SDK's "required"
// markers; docs/wire-contract.md for the legacy endpoints the models lack) and
// the SDK's example answer. Each entry is checked twice: against a fake
// that records the request and answers with the example (every required
// field sent; the example decodes), and against the emulator, which
// refuses what DingTalk refuses. A route the client declares but the
// table lacks fails TestContractCoversEveryRoute.
type contractCase struct {
	name     string
	route    string   // method and route template, as the client declares it
	required []string // "body:action", "query:unionId", "body:userList[].unionId"
	// example is the SDK's example answer (from the models' example values).
	example string
	call    func(ctx context.Context, c *dingtalk.Client, e *env) error
}

// contractBefore makes the emulator's state what a call needs: a
// spotlight to turn off, a card to update.
var contractBefore = map[string]func(ctx context.Context, c *dingtalk.Client, e *env) error{
	"spotlight off": func(ctx context.Context, c *dingtalk.Client, e *env) error {
		return c.Conference.Focus(ctx, e.meeting, "union-bob")
	},
	"card update": func(ctx context.Context, c *dingtalk.Client, e *env) error {
		_, err := c.Cards.CreateAndDeliver(ctx, dingtalk.CreateAndDeliverRequest{CardTemplateID: "tpl.schema",
			OutTrackID: "out-contract", CardData: dingtalk.CardData{CardParamMap: map[string]string{"title": "x"}},
			CallbackType: dingtalk.CallbackStream, OpenSpaceID: dingtalk.GroupSpace("cidContract=="),
			IMGroupOpenDeliverModel: &dingtalk.IMGroupOpenDeliverModel{RobotCode: e.robotCode}})
		return err
	},
}

var contract = []contractCase{
	{"app token", "POST /v1.0/oauth2/accessToken", []string{"body:appKey", "body:appSecret"},
		`{"accessToken":"fw8ef8we8f76e6f7s8dxxxx","expireIn":7200}`,
		func(ctx context.Context, c *dingtalk.Client, _ *env) error { return c.Token(ctx) }},
	{"user by userId", "POST /topapi/v2/user/get", []string{"body:userid", "query:access_token"},
		`{"errcode":0,"errmsg":"ok","result":{"userid":"alice","unionid":"union-alice","name":"Alice"},"request_id":"r"}`,
		func(ctx context.Context, c *dingtalk.Client, _ *env) error {
			_, err := c.Contacts.User(ctx, "alice")
			return err
		}},
	{"userId by unionId", "POST /topapi/user/getbyunionid", []string{"body:unionid", "query:access_token"},
		`{"errcode":0,"errmsg":"ok","result":{"contact_type":0,"userid":"alice"},"request_id":"r"}`,
		func(ctx context.Context, c *dingtalk.Client, _ *env) error {
			_, err := c.Contacts.UserIDByUnionID(ctx, "union-alice")
			return err
		}},
	{"create a meeting", "POST /v1.0/conference/videoConferences", []string{"body:confTitle", "body:userId"},
		`{"conferenceId":"6323d7568777190142ab9d10","conferencePassword":"1234","externalLinkUrl":"https://meeting.dingtalk.com/j/x","hostPassword":"5678","phoneNumbers":["+86 1"],"roomCode":"838722123"}`,
		func(ctx context.Context, c *dingtalk.Client, _ *env) error {
			_, err := c.Conference.Create(ctx, dingtalk.CreateRequest{HostUnionID: "union-alice", Title: "Sync"})
			return err
		}},
	{"close a meeting", "DELETE /v1.0/conference/videoConferences/{conferenceId}", []string{"query:unionId"},
		`{"code":200,"cause":"success"}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.Close(ctx, e.meeting, "union-alice")
		}},
	{"meeting info", "GET /v1.0/conference/videoConferences/{conferenceId}", nil,
		`{"confInfo":{"activeNum":10,"attendNum":15,"confDuration":1000000,"conferenceId":"6323d7568777190142ab9d10","creatorId":"2iPOLbpUNMLzB5LuwggiiqiPwiEiE","creatorNick":"昵称","externalLinkUrl":"https://meeting.dingtalk.com/app?roomCode=42726033559&token=","invitedNum":20,"roomCode":"42726033559","startTime":1663293270000,"status":1,"title":"标题"}}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Conference.Info(ctx, e.meeting)
			return err
		}},
	{"meeting members", "GET /v1.0/conference/videoConferences/{conferenceId}/members", nil,
		`{"memberModels":[{"attendStatus":6,"coHost":false,"conferenceId":"6323d7562b18000142ab9d10","host":true,"unionId":"2iPOLbpUNMLzB5LuwggiiqiPwiEiE","userNick":"昵称"}],"nextToken":"123000000","totalCount":1}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Conference.Members(ctx, e.meeting)
			return err
		}},
	{"spotlight", "POST /v1.0/conference/videoConferences/{conferenceId}/focus", []string{"body:action", "body:unionId"},
		`{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.Focus(ctx, e.meeting, "union-bob")
		}},
	{"spotlight off", "POST /v1.0/conference/videoConferences/{conferenceId}/focus", []string{"body:action", "body:unionId"},
		`{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.Unfocus(ctx, e.meeting, "union-bob")
		}},
	{"co-hosts", "POST /v1.0/conference/videoConferences/{conferenceId}/coHosts/set",
		[]string{"body:action", "body:userList", "body:userList[].unionId"}, `{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.AddCoHosts(ctx, e.meeting, []string{"union-bob"})
		}},
	{"mute everyone", "POST /v1.0/conference/videoConferences/{conferenceId}/allMembers/mute", []string{"body:action"},
		`{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.MuteAll(ctx, e.meeting)
		}},
	{"lock", "POST /v1.0/conference/videoConferences/{conferenceId}/lock", []string{"body:action"},
		`{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error { return c.Conference.Lock(ctx, e.meeting) }},
	{"a user's ongoing meetings", "GET /v1.0/conference/users/lists", []string{"query:unionId"},
		`{"onGoingConfIdList":["6323d7568777190142ab9d10"],"memberModelMap":{"6323d7568777190142ab9d10":{"unionId":"union-alice","host":true}}}`,
		func(ctx context.Context, c *dingtalk.Client, _ *env) error {
			_, err := c.Conference.UserOngoing(ctx, "union-alice")
			return err
		}},
	{"meetings by room code", "GET /v1.0/conference/roomCodes/{roomCode}/infos", nil,
		`{"conferenceList":[{"conferenceId":"6323d7568777190142ab9d10","roomCode":"838722123","status":2,"title":"标题"}],"hasMore":false,"nextToken":"","totalCount":1}`,
		func(ctx context.Context, c *dingtalk.Client, _ *env) error {
			_, err := c.Conference.ByRoomCode(ctx, "838 722 123")
			return err
		}},
	{"reply through a session webhook", "POST /robot/sendBySession", []string{"body:msgtype"},
		`{"errcode":0,"errmsg":"ok"}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Messages.ReplyWebhook(ctx, e.webhook, dingtalk.Message{Type: dingtalk.Markdown, Title: "t", Text: "done"})
		}},
	{"robot group send", "POST /v1.0/robot/groupMessages/send", []string{"body:msgKey", "body:msgParam"},
		`{"processQueryKey":"xxxx"}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Messages.GroupSend(ctx, e.robotCode, "cidContract==", dingtalk.Message{Type: dingtalk.Markdown, Title: "t", Text: "done"})
			return err
		}},
	{"robot 1:1 send", "POST /v1.0/robot/oToMessages/batchSend",
		[]string{"body:msgKey", "body:msgParam", "body:robotCode", "body:userIds"}, `{"processQueryKey":"xxxx"}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Messages.OtoSend(ctx, e.robotCode, []string{"alice"}, dingtalk.Message{Type: dingtalk.Markdown, Title: "t", Text: "done"})
			return err
		}},
	{"card create and deliver", "POST /v1.0/card/instances/createAndDeliver",
		[]string{"body:cardData", "body:cardTemplateId", "body:openSpaceId", "body:outTrackId"},
		`{"success":true,"result":{"outTrackId":"out_track_id_xxx","deliverResults":[{"carrierId":"4v+A","errorMsg":"","spaceId":"cid1234abcd","spaceType":"IM_GROUP","success":true}]}}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Cards.CreateAndDeliver(ctx, dingtalk.CreateAndDeliverRequest{CardTemplateID: "tpl.schema",
				OutTrackID: "out-contract", CardData: dingtalk.CardData{CardParamMap: map[string]string{"title": "x"}},
				CallbackType: dingtalk.CallbackStream, OpenSpaceID: dingtalk.GroupSpace("cidContract=="),
				UserIDType:              dingtalk.UserIDTypeUserID,
				IMGroupOpenDeliverModel: &dingtalk.IMGroupOpenDeliverModel{RobotCode: e.robotCode}})
			return err
		}},
	{"card update", "PUT /v1.0/card/instances", []string{"body:outTrackId"},
		`{"success":true,"result":true}`,
		func(ctx context.Context, c *dingtalk.Client, _ *env) error {
			return c.Cards.Update(ctx, dingtalk.UpdateCardRequest{OutTrackID: "out-contract",
				CardData: &dingtalk.CardData{CardParamMap: map[string]string{"title": "y"}}})
		}},
}

// contractControls are the meeting controls, recordings, AI notes and
// bookings of issues 15–17.
var contractControls = []contractCase{
	{"mute one person", "POST /v1.0/conference/videoConferences/{conferenceId}/members/mute",
		[]string{"body:action", "body:userList", "body:userList[].unionId"}, `{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.MuteMember(ctx, e.meeting, "union-bob", true)
		}},
	{"remove one person", "POST /v1.0/conference/videoConferences/{conferenceId}/members/kick",
		[]string{"body:userList", "body:userList[].unionId"}, `{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.Kick(ctx, e.meeting, "union-bob", true)
		}},
	{"invite", "POST /v1.0/conference/videoConferences/{conferenceId}/users/invite",
		[]string{"body:inviteeList[].nick", "body:inviteeList[].unionId", "body:unionId"}, `{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.Invite(ctx, e.meeting, "union-alice", []dingtalk.Invitee{{UnionID: "union-dave", Nick: "Dave"}})
		}},
	{"meeting policy", "PUT /v1.0/conference/videoConferences/{conferenceId}", []string{"body:forbiddenShareScreen"},
		`{"case":"","code":""}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			yes := true
			return c.Conference.SetPolicy(ctx, e.meeting, dingtalk.Policy{ForbiddenShareScreen: &yes})
		}},
	{"meetings in progress", "POST /v1.0/conference/videoConferences/query", []string{"body:conferenceIdList"},
		`{"infos":[{"conferenceId":"6323d7568777190142ab9d10","mediaStatus":0,"startTime":1663293270000,"status":2,"title":"标题","userList":[{"attendStatus":3,"cameraStatus":2,"micStatus":2,"nick":"昵称","rejectDescription":"抱歉，正在开会","userId":"u1"}]}]}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Conference.QueryBatch(ctx, []string{e.meeting})
			return err
		}},
	{"start recording", "POST /v1.0/conference/videoConferences/{conferenceId}/cloudRecords/start", []string{"body:unionId"},
		`{"code":""}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.StartRecording(ctx, e.meeting, "union-alice", "")
		}},
	{"stop recording", "POST /v1.0/conference/videoConferences/{conferenceId}/cloudRecords/stop", []string{"body:unionId"},
		`{"code":""}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.StopRecording(ctx, e.meeting, "union-alice")
		}},
	{"recordings", "GET /v1.0/conference/videoConferences/{conferenceId}/cloudRecords/getVideos", []string{"query:unionId"},
		`{"videoList":[{"duration":59886,"endTime":1631172094000,"fileSize":1127942,"mediaId":"faa1566c5bc24f21821ae2394f82db2e","recordId":"290882268xxx1172033231","recordType":0,"regionId":"cn-shenzhen","startTime":1631172094000,"unionId":"WFBkgJvtxxxxtSaA1jK4sgiEiE"}]}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Conference.Recordings(ctx, e.meeting, "union-alice")
			return err
		}},
	{"recording playback", "GET /v1.0/conference/videoConferences/{conferenceId}/cloudRecords/videos/getPlayInfos",
		[]string{"query:mediaId", "query:regionId", "query:unionId"},
		`{"duration":59886,"fileSize":1127942,"mp4FileUrl":"https://vod.mcs.dingtalk.com/faa1566c5bc24f21821ae2394f82db2","playUrl":"https://vod.mcs.dingtalk.com/faa1566c5bc24f21821ae2394f82db2","status":0}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Conference.RecordingPlayInfo(ctx, e.meeting, "union-alice", e.recording)
			return err
		}},
	{"start AI notes", "POST /v1.0/conference/videoConferences/{conferenceId}/minutes/start", []string{"body:unionId"},
		`{"code":""}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.StartNotes(ctx, e.meeting, "union-alice")
		}},
	{"stop AI notes", "POST /v1.0/conference/videoConferences/{conferenceId}/minutes/pause", []string{"body:unionId"},
		`{"code":""}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Conference.StopNotes(ctx, e.meeting, "union-alice")
		}},
	{"AI notes summary", "POST /v1.0/conference/videoConferences/{conferenceId}/minutes/summaries/query", []string{"body:unionId"},
		`{"summary":{"actions":[{"end":2,"id":1,"sentenceId":3,"start":1,"text":"发会议纪要"}],"keywords":["预算"],"paragraphSummary":"讨论了预算。"}}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Conference.Summary(ctx, e.meeting, "union-alice")
			return err
		}},
	{"AI notes result", "GET /v1.0/conference/videoConferences/{conferenceId}/minutes/meetingResult", []string{"query:unionId"},
		`{"action":["发会议纪要"],"fullSummary":"讨论了预算。"}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Conference.Result(ctx, e.meeting, "union-alice")
			return err
		}},
	{"book a meeting", "POST /v1.0/conference/scheduleConferences",
		[]string{"body:creatorUnionId", "body:endTime", "body:startTime", "body:title"},
		`{"phones":["+86 1"],"requestId":"xxxxx","roomCode":"838 722 xxxxx","scheduleConferenceId":"2a489c68-xxxx-xxxx-xxxx-xxxxxxxxxxxx","url":"https://meeting.dingtalk.com/j/Bsbp3ixxxxxUyJJ9"}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Schedule.Book(ctx, e.booking())
			return err
		}},
	{"reschedule", "PUT /v1.0/conference/scheduleConferences",
		[]string{"body:creatorUnionId", "body:endTime", "body:scheduleConferenceId", "body:startTime", "body:title"},
		`{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Schedule.Reschedule(ctx, e.schedule, e.booking())
		}},
	{"booking settings", "PUT /v1.0/conference/scheduleConferences/settings",
		[]string{"body:creatorUnionId", "body:scheduleConferenceId"}, `{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Schedule.UpdateSettings(ctx, "union-alice", e.schedule, dingtalk.ScheduleSettings{LockRoom: 1})
		}},
	{"cancel a booking", "POST /v1.0/conference/scheduleConferences/cancel",
		[]string{"body:creatorUnionId", "body:scheduleConferenceId"}, `{"success":true}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			return c.Schedule.Cancel(ctx, "union-alice", e.schedule)
		}},
	{"a booking", "GET /v1.0/conference/scheduleConferences/{scheduleConferenceId}/infos", []string{"query:requestUnionId"},
		`{"endTime":1687928400000,"phones":["+86 1"],"requestId":"xxxxx","roomCode":"838 722 xxxxx","scheduleConferenceId":"2a489c68-xxxx-xxxx-xxxx-xxxxxxxxxxxx","startTime":1687924800000,"title":"预约会议标题","url":"https://meeting.dingtalk.com/j/Bsbp3ixxxxxUyJJ9"}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Schedule.Info(ctx, e.schedule, "union-alice")
			return err
		}},
	{"a booking's conferences", "GET /v1.0/conference/videoConferences/scheduleConferences/{scheduleConferenceId}", nil,
		`{"conferenceList":[{"conferenceId":"6323d7568777190142ab9d10","endTime":0,"roomCode":"838722123","startTime":1687924800000,"status":2,"title":"预约会议标题"}],"nextToken":"","totalCount":1}`,
		func(ctx context.Context, c *dingtalk.Client, e *env) error {
			_, err := c.Schedule.Live(ctx, e.schedule)
			return err
		}},
}

// thirdPartyContract is the one endpoint only a third-party client calls.
var thirdPartyContract = contractCase{"organisation token", "POST /v1.0/oauth2/corpAccessToken",
	[]string{"body:authCorpId", "body:suiteKey", "body:suiteSecret", "body:suiteTicket"},
	`{"accessToken":"fw8ef8we8f76e6f7s8dxxxx","expireIn":7200}`, nil}

// recorded is one request the fake received.
type recorded struct {
	route string
	query map[string][]string
	body  map[string]any
}

// recordingFake answers every request with the example of its contract
// entry (a token for the token endpoints) and records it.
type recordingFake struct {
	mu   sync.Mutex
	got  []recorded
	srv  *httptest.Server
	want contractCase
}

func newRecordingFake(t *testing.T, want contractCase) *recordingFake {
	f := &recordingFake{want: want}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *recordingFake) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	route := r.Method + " " + r.URL.Path
	f.mu.Lock()
	f.got = append(f.got, recorded{route: route, query: r.URL.Query(), body: body})
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(r.URL.Path, "/oauth2/accessToken") && !strings.HasSuffix(f.want.route, "/oauth2/accessToken"),
		strings.HasSuffix(r.URL.Path, "/oauth2/corpAccessToken") && !strings.HasSuffix(f.want.route, "corpAccessToken"):
		_, _ = io.WriteString(w, `{"accessToken":"tok","expireIn":7200}`)
	default:
		_, _ = io.WriteString(w, f.want.example)
	}
}

// request returns the recorded request of the entry's route.
func (f *recordingFake) request(t *testing.T) recorded {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, g := range f.got {
		if routeMatches(f.want.route, g.route) {
			return g
		}
	}
	require.Failf(t, "not called", "%s was never requested (got %v)", f.want.route, f.got)
	return recorded{}
}

// routeMatches reports whether a concrete "METHOD /path" fits a template.
func routeMatches(template, concrete string) bool {
	tw, cw := strings.Split(template, "/"), strings.Split(concrete, "/")
	if len(tw) != len(cw) {
		return false
	}
	for i := range tw {
		if !(strings.HasPrefix(tw[i], "{") && cw[i] != "") && tw[i] != cw[i] {
			return false
		}
	}
	return true
}

// checkRequired asserts that the request carries every required field,
// not empty.
func checkRequired(t *testing.T, req recorded, required []string) {
	t.Helper()
	for _, field := range required {
		where, key, _ := strings.Cut(field, ":")
		switch where {
		case "query":
			assert.NotEmpty(t, req.query[key], "query %s missing", key)
		case "body":
			assert.True(t, present(req.body, key), "body %s missing or empty in %v", key, req.body)
		}
	}
}

// present reports whether key ("a", "a.b", "list[].field") has a
// non-empty value in body; for a list, in every element.
func present(body map[string]any, key string) bool {
	head, rest, nested := strings.Cut(key, ".")
	if list, ok := strings.CutSuffix(head, "[]"); ok {
		items, _ := body[list].([]any)
		if len(items) == 0 {
			return false
		}
		for _, it := range items {
			m, _ := it.(map[string]any)
			if !present(m, rest) {
				return false
			}
		}
		return true
	}
	v, ok := body[head]
	if nested {
		m, _ := v.(map[string]any)
		return present(m, rest)
	}
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	}
	return ok
}

func TestContractAgainstTheSDKExamples(t *testing.T) {
	t.Parallel()
	for _, tt := range append(contract, contractControls...) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newRecordingFake(t, tt)
			c := dingtalk.NewClient("appkey", "secret", dingtalk.WithAPIURL(f.srv.URL), dingtalk.WithOAPIURL(f.srv.URL),
				dingtalk.WithRetry(1, time.Millisecond, time.Millisecond))
			e := &env{meeting: "6323d7568777190142ab9d10", robotCode: "dingrobot",
				webhook: f.srv.URL + "/robot/sendBySession?session=s1", schedule: "2a489c68-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
				recording: dingtalk.Recording{MediaID: "faa1566c5bc24f21821ae2394f82db2e", RegionID: "cn-shenzhen"}}
			require.NoError(t, tt.call(context.Background(), c, e), "the SDK's example answer decodes")
			checkRequired(t, f.request(t), tt.required)
		})
	}
	t.Run(thirdPartyContract.name, func(t *testing.T) {
		t.Parallel()
		f := newRecordingFake(t, thirdPartyContract)
		ticket := func(context.Context) (string, error) { return "ticket-1", nil }
		c := dingtalk.NewClient("suitekey", "suitesecret", dingtalk.WithAPIURL(f.srv.URL),
			dingtalk.WithOAPIURL(f.srv.URL), dingtalk.WithThirdParty(ticket))
		_, err := c.Conference.UserOngoing(dingtalk.WithCorp(context.Background(), "dingcorp"), "u1")
		require.NoError(t, err)
		checkRequired(t, f.request(t), thirdPartyContract.required)
	})
}

func TestContractOrganisationTokenAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	s := testkit.Emulator(t, dingtalktest.Options{ThirdParty: true})
	s.AddUser(dingtalktest.User{UserID: "alice", Name: "Alice"})
	s.PushSuiteTicket("ticket-1")
	ticket := func(context.Context) (string, error) { return s.SuiteTicket(), nil }
	o := s.Options()
	c := dingtalk.NewClient(o.ClientID, o.ClientSecret, dingtalk.WithAPIURL(s.URL()), dingtalk.WithOAPIURL(s.URL()),
		dingtalk.WithThirdParty(ticket))
	u, _ := s.User("alice")
	_, err := c.Conference.UserOngoing(dingtalk.WithCorp(context.Background(), s.CorpID()), u.UnionID)
	require.NoError(t, err, "the emulator takes the client's corpAccessToken request")
	assert.Equal(t, 1, s.CountCalls("POST", "/v1.0/oauth2/corpAccessToken"))
}

// contractControlsBefore makes the emulator's state what each control
// call needs: a person to invite, a recording that is running or ready,
// AI notes that are running or done, a booking.
var contractControlsBefore = map[string]func(ctx context.Context, c *dingtalk.Client, e *env) error{
	"invite": func(ctx context.Context, c *dingtalk.Client, e *env) error {
		e.s.AddUser(dingtalktest.User{UserID: "dave", Name: "Dave"})
		return nil
	},
	"stop recording":     startRecording,
	"recordings":         readyRecording,
	"recording playback": readyRecording,
	"stop AI notes": func(ctx context.Context, c *dingtalk.Client, e *env) error {
		return c.Conference.StartNotes(ctx, e.meeting, "union-alice")
	},
	"AI notes summary":        doneNotes,
	"AI notes result":         doneNotes,
	"reschedule":              book,
	"booking settings":        book,
	"cancel a booking":        book,
	"a booking":               book,
	"a booking's conferences": book,
}

func startRecording(ctx context.Context, c *dingtalk.Client, e *env) error {
	return c.Conference.StartRecording(ctx, e.meeting, "union-alice", "")
}

// readyRecording records, stops and lets the recording finish processing.
func readyRecording(ctx context.Context, c *dingtalk.Client, e *env) error {
	if err := startRecording(ctx, c, e); err != nil {
		return err
	}
	if err := c.Conference.StopRecording(ctx, e.meeting, "union-alice"); err != nil {
		return err
	}
	e.s.FinishProcessing(e.meeting)
	list, err := c.Conference.Recordings(ctx, e.meeting, "union-alice")
	if err != nil || len(list) == 0 {
		return fmt.Errorf("no ready recording (%d): %w", len(list), err)
	}
	e.recording = list[0]
	return nil
}

// doneNotes takes AI notes, pauses them and lets them finish processing.
func doneNotes(ctx context.Context, c *dingtalk.Client, e *env) error {
	if err := c.Conference.StartNotes(ctx, e.meeting, "union-alice"); err != nil {
		return err
	}
	if err := c.Conference.StopNotes(ctx, e.meeting, "union-alice"); err != nil {
		return err
	}
	e.s.FinishProcessing(e.meeting)
	return nil
}

func book(ctx context.Context, c *dingtalk.Client, e *env) error {
	sc, err := c.Schedule.Book(ctx, e.booking())
	if err == nil {
		e.schedule = sc.ScheduleConferenceID
	}
	return err
}

func TestContractAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	for _, tt := range append(contract, contractControls...) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, dingtalktest.Options{})
			e.robotCode = e.s.Options().RobotCode
			e.webhook = e.s.SessionWebhook("cidContract==")
			before := contractBefore[tt.name]
			if b := contractControlsBefore[tt.name]; b != nil {
				before = b
			}
			if before != nil {
				require.NoError(t, before(context.Background(), e.c, e))
			}
			require.NoError(t, tt.call(context.Background(), e.c, e), "the emulator accepts the client's request and the client decodes its answer")
		})
	}
}

// TestContractCoversEveryRoute fails when the client declares a route the
// contract table does not check: add the endpoint to the table (with the
// models' required fields and the SDK's example answer) first.
func TestContractCoversEveryRoute(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, tt := range append(append(contract, contractControls...), thirdPartyContract) {
		_, path, _ := strings.Cut(tt.route, " ")
		covered[path] = true
	}
	for _, route := range declaredRoutes(t) {
		assert.True(t, covered[route], "the client calls %s, which the contract table does not check", route)
	}
}

// declaredRoutes are the route literals in the client's source files:
// every string constant or literal that starts like a DingTalk path.
func declaredRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	seen := map[string]bool{}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && isRoute(s) && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
			return true
		})
	}
	require.NotEmpty(t, out)
	return out
}

func isRoute(s string) bool {
	return !strings.ContainsAny(s, " \n") && (strings.HasPrefix(s, "/v1.0/") || strings.HasPrefix(s, "/topapi/") ||
		strings.HasPrefix(s, "/robot/") || s == "/gettoken")
}
