import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { AssessmentsPage } from './features/health/AssessmentsPage';
import { HealthCheckPage } from './features/health/HealthCheckPage';
import { HealthDashboardPage } from './features/health/HealthDashboardPage';
import { SponsorReportPage } from './features/health/SponsorReportPage';
import { SurveyEditorPage } from './features/surveys/SurveyEditorPage';
import { SurveyPage } from './features/surveys/SurveyPage';
import { SurveysPage } from './features/surveys/SurveysPage';
import { AccountPage } from './features/account/AccountPage';
import { OutboxPage } from './features/admin/OutboxPage';
import { SettingsPage } from './features/admin/SettingsPage';
import { JobsPage } from './features/admin/JobsPage';
import { UsersPage } from './features/admin/UsersPage';
import { MagicLinkPage } from './features/auth/MagicLinkPage';
import { RequireAuth } from './features/auth/RequireAuth';
import { ResetConfirmPage } from './features/auth/ResetConfirmPage';
import { ResetRequestPage } from './features/auth/ResetRequestPage';
import { SetupPage } from './features/auth/SetupPage';
import { SignInPage } from './features/auth/SignInPage';
import { SignUpPage } from './features/auth/SignUpPage';
import { CommunityHomePage } from './features/communities/CommunityHomePage';
import { CommunityLayout } from './features/communities/CommunityLayout';
import { CommunitySettingsPage } from './features/communities/CommunitySettingsPage';
import { DirectoryPage } from './features/communities/DirectoryPage';
import { EditEventPage, NewEventPage } from './features/events/EventEditorPage';
import { EventsPage } from './features/events/EventsPage';
import { EventRedirectPage, SessionPage } from './features/events/SessionPage';
import { NewCommunityPage } from './features/communities/NewCommunityPage';
import { NeedsPage, WinsPage } from './features/conversations/BoardPage';
import { FeedPage } from './features/conversations/FeedPage';
import { EditPostPage, NewPostPage } from './features/conversations/PostEditorPage';
import { PostPage } from './features/conversations/PostPage';
import { LandingPage } from './features/home/LandingPage';
import { AcceptInvitationPage } from './features/invitations/AcceptInvitationPage';
import { InvitationsPage } from './features/invitations/InvitationsPage';
import { MemberProfilePage, OwnProfileRedirect } from './features/members/MemberProfilePage';
import { MembersPage } from './features/members/MembersPage';
import { RequestsPage } from './features/members/RequestsPage';
import { NotificationsPage } from './features/notifications/NotificationsPage';
import { CollectionPage } from './features/repertoire/CollectionPage';
import { ImportPage } from './features/repertoire/ImportPage';
import { NewCollectionPage } from './features/repertoire/NewCollectionPage';
import { RepertoirePage } from './features/repertoire/RepertoirePage';
import { EditResourcePage, NewResourcePage } from './features/repertoire/ResourceEditorPage';
import { ResourcePage } from './features/repertoire/ResourcePage';
import { ReviewPage } from './features/repertoire/ReviewPage';
import { RoundupEditorPage } from './features/roundups/RoundupEditorPage';
import { RoundupsPage } from './features/roundups/RoundupsPage';
import { SearchPage } from './features/search/SearchPage';
import { CatchUpPage } from './features/catchup/CatchUpPage';
import { UnsubscribePage } from './features/unsubscribe/UnsubscribePage';
import { NotFound } from './ui/NotFound';
import { RootLayout } from './ui/RootLayout';

const authed = (element: React.ReactNode, admin = false) => <RequireAuth admin={admin}>{element}</RequireAuth>;

export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    children: [
      { path: '/', element: <LandingPage /> },
      { path: '/setup', element: <SetupPage /> },
      { path: '/signup', element: <SignUpPage /> },
      { path: '/signin', element: <SignInPage /> },
      { path: '/magic', element: <MagicLinkPage /> },
      { path: '/reset', element: <ResetRequestPage /> },
      { path: '/reset/confirm', element: <ResetConfirmPage /> },
      { path: '/communities', element: <DirectoryPage /> },
      { path: '/communities/new', element: authed(<NewCommunityPage />) },
      {
        path: '/c/:slug',
        element: <CommunityLayout />,
        children: [
          { index: true, element: <CommunityHomePage /> },
          { path: 'posts', element: <FeedPage /> },
          { path: 'posts/new', element: <NewPostPage /> },
          { path: 'posts/:postId', element: <PostPage /> },
          { path: 'posts/:postId/edit', element: authed(<EditPostPage />) },
          { path: 'wins', element: <WinsPage /> },
          { path: 'needs', element: <NeedsPage /> },
          { path: 'repertoire', element: <RepertoirePage /> },
          { path: 'repertoire/new', element: authed(<NewResourcePage />) },
          { path: 'repertoire/review', element: authed(<ReviewPage />) },
          { path: 'repertoire/import', element: authed(<ImportPage />) },
          { path: 'repertoire/:resourceId', element: <ResourcePage /> },
          { path: 'repertoire/:resourceId/edit', element: authed(<EditResourcePage />) },
          { path: 'paths/:collectionId', element: <CollectionPage /> },
          { path: 'collections/new', element: authed(<NewCollectionPage />) },
          { path: 'collections/:collectionId', element: <CollectionPage /> },
          { path: 'events', element: <EventsPage /> },
          { path: 'events/new', element: authed(<NewEventPage />) },
          { path: 'events/:eventId', element: <EventRedirectPage /> },
          { path: 'events/:eventId/edit', element: authed(<EditEventPage />) },
          { path: 'events/:eventId/:occurrenceId', element: <SessionPage /> },
          { path: 'members', element: <MembersPage /> },
          { path: 'members/:userId', element: <MemberProfilePage /> },
          { path: 'profile', element: <OwnProfileRedirect /> },
          { path: 'requests', element: authed(<RequestsPage />) },
          { path: 'invitations', element: authed(<InvitationsPage />) },
          { path: 'settings', element: authed(<CommunitySettingsPage />) },
          { path: 'roundups', element: authed(<RoundupsPage />) },
          { path: 'roundups/:roundupId', element: authed(<RoundupEditorPage />) },
          { path: 'catch-up', element: authed(<CatchUpPage />) },
          { path: 'health', element: authed(<HealthDashboardPage />) },
          { path: 'health/check', element: authed(<HealthCheckPage />) },
          { path: 'health/assessments', element: authed(<AssessmentsPage />) },
          { path: 'health/report', element: authed(<SponsorReportPage />) },
          { path: 'surveys', element: authed(<SurveysPage />) },
          { path: 'surveys/:surveyId', element: authed(<SurveyPage />) },
          { path: 'surveys/:surveyId/edit', element: authed(<SurveyEditorPage />) },
        ],
      },
      { path: '/invite/:token', element: <AcceptInvitationPage /> },
      { path: '/account', element: authed(<AccountPage />) },
      { path: '/notifications', element: authed(<NotificationsPage />) },
      { path: '/search', element: <SearchPage /> },
      { path: '/admin', element: <Navigate to="/admin/outbox" replace /> },
      { path: '/admin/outbox', element: authed(<OutboxPage />, true) },
      { path: '/admin/outbox/:mailId', element: authed(<OutboxPage />, true) },
      { path: '/admin/users', element: authed(<UsersPage />, true) },
      { path: '/admin/settings', element: authed(<SettingsPage />, true) },
      { path: '/admin/jobs', element: authed(<JobsPage />, true) },
      { path: '/unsubscribe/:what/:token', element: <UnsubscribePage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
