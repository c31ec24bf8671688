import { graphql } from "@/lib/graphql/generated";

export const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      email
      name
      memberships { role workspace { id slug name } }
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      __typename
      ... on SessionPayload { user { id } expiresAt }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const SignupMutation = graphql(`
  mutation Signup($input: SignupInput!) {
    signup(input: $input) {
      __typename
      ... on SessionPayload { user { id } expiresAt }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout { logout }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      __typename
      ... on ChangePasswordPayload { otherSessionsEnded user { id } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      __typename
      ... on MembershipPayload { membership { id role workspace { id slug name } } }
      ... on Error { code message }
    }
  }
`);

export const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      __typename
      ... on UpdateProfilePayload { user { id name } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      __typename
      ... on RequestPasswordResetPayload { accepted }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      __typename
      ... on ResetPasswordPayload { sessionsEnded }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);
